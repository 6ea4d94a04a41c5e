import "server-only";
import type { ApiErrorDetail } from "@/lib/schemas/api-error";

export type AppErrorCode =
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "INVALID_CREDENTIALS"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "CERTIFICATE_MISMATCH"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "THROTTLED"
  | "BACKUP_IN_PROGRESS"
  | "STORAGE_AUTH_FAILED"
  | "STORAGE_PERMISSION_DENIED"
  | "STORAGE_LOCKED"
  | "MICROCODE_UNSUPPORTED"
  | "STORAGE_BUSY"
  | "STORAGE_UNREACHABLE"
  | "STORAGE_TLS_ERROR"
  | "STORAGE_TIMEOUT"
  | "STORAGE_ERROR"
  | "INTERNAL";

/**
 * The portal's one error type. Its message is shown to the user, so it says what to do next and
 * never carries a secret.
 */
export class AppError extends Error {
  override readonly name = "AppError";

  constructor(
    readonly code: AppErrorCode,
    readonly status: number,
    message: string,
    readonly extra: Omit<ApiErrorDetail, "code" | "message"> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { error: ApiErrorDetail } {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const unauthenticated = () => new AppError("UNAUTHENTICATED", 401, "Sign in to continue.");
export const forbidden = (what = "do this") =>
  new AppError("FORBIDDEN", 403, `Your role does not allow you to ${what}. Ask an admin if you need it.`);
export const notFound = (what: string) => new AppError("NOT_FOUND", 404, `${what} was not found.`);
export const conflict = (message: string) => new AppError("CONFLICT", 409, message);
