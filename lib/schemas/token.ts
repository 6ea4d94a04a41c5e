import { z } from "zod";

export const TOKEN_NAME_MAX = 64;
export const TOKEN_ROLES = ["operator", "viewer"] as const;
export const tokenRoleSchema = z.enum(TOKEN_ROLES);
export type TokenRole = z.infer<typeof tokenRoleSchema>;

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(TOKEN_NAME_MAX, `Use at most ${TOKEN_NAME_MAX} characters.`)
  .regex(/^[A-Za-z0-9._@-]+$/, "Use only letters, digits and . _ - @ (no spaces).");

/** POST /api/tokens. `systemIds`: the systems the token is limited to; absent, every system. */
export const createTokenSchema = z.strictObject({
  name: tokenNameSchema,
  role: tokenRoleSchema,
  expiresInDays: z
    .number()
    .int("Use whole days.")
    .min(1, "Use 1 to 366 days.")
    .max(366, "Use 1 to 366 days.")
    .optional(),
  systemIds: z.array(z.uuid("Pick a registered system.")).min(1, "Pick at least one system.").max(500).optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const tokenIdParamsSchema = z.object({ id: z.uuid() });

/** A token as listed: never the token itself. */
export const publicTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: tokenRoleSchema,
  systemIds: z.array(z.string()).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type PublicToken = z.infer<typeof publicTokenSchema>;

export const createdTokenSchema = z.object({ id: z.string(), token: z.string() });
export type CreatedToken = z.infer<typeof createdTokenSchema>;
