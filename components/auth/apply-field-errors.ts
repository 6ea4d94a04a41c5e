import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ApiError } from "@/lib/api-client/request-json";

/**
 * Puts the server's per-field messages (VALIDATION_FAILED) on the form's fields; returns whether
 * any field matched, so the caller can fall back to a form-level alert.
 */
export function applyFieldErrors<T extends FieldValues>(error: ApiError, fields: readonly Path<T>[], setError: UseFormSetError<T>): boolean {
  let matched = false;
  for (const [name, messages] of Object.entries(error.detail.fields ?? {})) {
    const field = fields.find((candidate) => candidate === name);
    if (field && messages[0]) {
      setError(field, { type: "server", message: messages[0] });
      matched = true;
    }
  }
  return matched;
}
