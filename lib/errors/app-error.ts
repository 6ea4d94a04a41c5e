import "server-only";

import type { ApiErrorDetail } from "@/lib/schemas/api-error";

import { statusOf, type AppErrorCode } from "./codes";

export type AppErrorExtra = Omit<ApiErrorDetail, "code" | "message">;

/**
 * The portal's one error type. Its message is shown to the user, so it says what to do next and
 * never carries a secret. Its HTTP status follows from its code.
 */
export class AppError extends Error {
  override readonly name = "AppError";

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly extra: AppErrorExtra = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return statusOf(this.code);
  }

  /** The same error with another message (and optionally other details), e.g. once secrets are scrubbed. */
  withMessage(message: string, extra: AppErrorExtra = this.extra): AppError {
    return new AppError(this.code, message, extra, this.headers);
  }

  toBody(): { error: ApiErrorDetail } {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const unauthenticated = () => new AppError("UNAUTHENTICATED", "Sign in to continue.");
export const forbidden = (what = "do this") =>
  new AppError("FORBIDDEN", `Your role does not allow you to ${what}. Ask an admin if you need it.`);
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} was not found.`);
export const conflict = (message: string) => new AppError("CONFLICT", message);

/** A 400 for the fields named, in the shape zod failures get. */
export function validationFailed(message: string, fields: Record<string, string[]> = {}): AppError {
  return new AppError("VALIDATION_FAILED", message, Object.keys(fields).length > 0 ? { fields } : {});
}

/** A 400 that names one field. */
export const invalidField = (field: string, message: string) => validationFailed(message, { [field]: [message] });
