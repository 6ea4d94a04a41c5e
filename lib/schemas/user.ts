import { z } from "zod";

import { roleSchema } from "./role";

export { roleSchema, ROLES, type Role } from "./role";

export const USERNAME_MAX = 64;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "Enter a username.")
  .max(USERNAME_MAX, `Use at most ${USERNAME_MAX} characters.`)
  .regex(/^[A-Za-z0-9._@-]+$/, "Use only letters, digits and . _ - @ (no spaces).");

/**
 * Length only: whether a password is too guessable is decided on the server (zxcvbn with the
 * common-password list), and a form may show that as advice, never as the gate.
 */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters; a few unrelated words make a good one.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

/**
 * Sign-in checks neither the username pattern nor the password policy: the answer to a malformed
 * name must not differ from the answer to an unknown one.
 */
export const loginSchema = z.strictObject({
  username: z.string().trim().min(1, "Enter your username.").max(256, "Enter your username."),
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX, "Enter your password."),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .strict()
  .refine((value) => value.role !== undefined || value.disabled !== undefined || value.password !== undefined, {
    message: "Change at least one of role, disabled or password.",
  });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** POST /api/auth/password: the signed-in user replaces their own password (a reset one, or any). */
export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX, "Enter your current password."),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/** A form-only addition: the confirmation never leaves the browser. */
export const changePasswordFormSchema = changePasswordSchema
  .extend({ confirm: z.string() })
  .refine((value) => value.newPassword === value.confirm, { path: ["confirm"], message: "The two passwords differ." })
  .refine((value) => value.newPassword !== value.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one.",
  });
export type ChangePasswordFormInput = z.infer<typeof changePasswordFormSchema>;

export const setupSchema = z.strictObject({
  token: z.string().min(1, "Open the setup link from the server log again.").max(256),
  username: usernameSchema,
  password: passwordSchema,
});
export type SetupInput = z.infer<typeof setupSchema>;

/** A form-only addition: the confirmation never leaves the browser. */
export const setupFormSchema = setupSchema
  .omit({ token: true })
  .extend({ confirm: z.string() })
  .refine((value) => value.password === value.confirm, { path: ["confirm"], message: "The two passwords differ." });
export type SetupFormInput = z.infer<typeof setupFormSchema>;

/** The params of /api/users/{id}: the user's id. */
export const userIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** A user as the API shows it: never a hash. */
export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  passwordChangedAt: z.string(),
  /** An admin reset the password and the user has not chosen a new one yet. */
  mustChangePassword: z.boolean().optional(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

/** Answer of GET /api/users. */
export const userListSchema = z.object({ users: z.array(publicUserSchema) });

/** Answer of POST /api/users and PATCH /api/users/{id}: the user as it is now. */
export const userResponseSchema = z.object({ user: publicUserSchema });

/** Answer of GET /api/me; a sign-in answers with `{ user: Me }` (meResponseSchema). */
export const meSchema = z.object({
  username: z.string(),
  role: roleSchema,
  /** Sign-in answers true when the password must be changed before anything else. */
  mustChangePassword: z.boolean().optional(),
});
export type Me = z.infer<typeof meSchema>;

/** Answer of POST /api/auth/login and POST /api/setup: who is (or can now sign in as) the user. */
export const meResponseSchema = z.object({ user: meSchema });
