import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { ApiError } from "@/lib/api-client/api-error";

/**
 * Puts the server's per-field messages (`fields`, keyed by the API body's paths such as
 * `trust.sha256Fingerprint`) on the form fields they belong to. Returns whether any matched, so
 * the caller can fall back to a form-level alert.
 */
export function applyServerFieldErrors<T extends FieldValues>(
  error: unknown,
  fieldFor: (apiPath: string) => Path<T> | undefined,
  setError: UseFormSetError<T>,
): boolean {
  if (!(error instanceof ApiError)) return false;
  let matched = false;
  for (const [apiPath, messages] of Object.entries(error.detail.fields ?? {})) {
    const field = fieldFor(apiPath);
    if (field && messages[0]) {
      setError(field, { type: "server", message: messages[0] });
      matched = true;
    }
  }
  return matched;
}

/** applyServerFieldErrors for a form whose field names are the API body's paths. */
export function applyFieldErrors<T extends FieldValues>(
  error: unknown,
  fields: readonly Path<T>[],
  setError: UseFormSetError<T>,
): boolean {
  return applyServerFieldErrors<T>(error, (apiPath) => fields.find((field) => field === apiPath), setError);
}
