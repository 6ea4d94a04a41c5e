import { z } from "zod";

export const DEFAULT_AFTER_SIGN_IN = "/systems";

// A path on this site only: "//host" and "/\host" are read by browsers as other origins.
const nextPathSchema = z
  .string()
  .max(2048)
  .regex(/^\/(?![/\\])[^\s\\]*$/);

/**
 * Where to go after signing in: the `next` value when it is a same-origin relative path, else
 * the default. Anything else would make the sign-in page an open redirect.
 */
export function safeNextPath(value: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  const parsed = nextPathSchema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

/** The page where a user whose password an admin reset chooses their own, before anything else. */
export const CHANGE_PASSWORD_PATH = "/login/change-password";

/** The password change, coming back to `next` (checked as by safeNextPath) once it is done. */
export function changePasswordHref(next?: string): string {
  const back = next === undefined ? "" : safeNextPath(next, "");
  return back ? `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(back)}` : CHANGE_PASSWORD_PATH;
}
