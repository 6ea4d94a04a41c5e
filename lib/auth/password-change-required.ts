import "server-only";

import { AppError } from "@/lib/errors";

/**
 * What every route but the password change and sign-out answers a session whose password an
 * admin reset (users.must_change_password): withSession refuses it, and pages redirect to the
 * change (requireUser). Its own module, so the one auth wrapper imports nothing heavier.
 */
export function passwordChangeRequired(): AppError {
  return new AppError(
    "PASSWORD_CHANGE_REQUIRED",
    "An admin reset your password. Choose a new password of your own before you go on.",
  );
}
