import "server-only";

import type { AppError } from "@/lib/errors";

const REDACTED = "[redacted]";
/** Shorter strings would garble the text (every "a" of it, say) without identifying anything. */
const MIN_SECRET_LENGTH = 4;

/**
 * Removes every occurrence of `secrets` from text that came from elsewhere, such as a storage
 * system's error message that echoes a rejected value: that text is stored, audited and shown.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string;
export function scrubSecrets(text: string | undefined, secrets: readonly string[]): string | undefined;
export function scrubSecrets(text: string | undefined, secrets: readonly string[]): string | undefined {
  if (text === undefined) return undefined;
  // Longest first, so a secret that contains another is removed whole.
  const ordered = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of ordered) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * The error without any of `secrets` in its message or in what the storage system said (its
 * message and solution), e.g. a rejected password a storage system echoed.
 */
export function scrubError(error: AppError, secrets: readonly string[]): AppError {
  const storage = error.extra.storage;
  const extra = storage
    ? {
        ...error.extra,
        storage: {
          ...storage,
          message: scrubSecrets(storage.message, secrets),
          solution: scrubSecrets(storage.solution, secrets),
        },
      }
    : error.extra;
  return error.withMessage(scrubSecrets(error.message, secrets), extra);
}
