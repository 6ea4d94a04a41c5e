import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "@/lib/api-client/request-json";

/**
 * Puts the server's per-field messages (`fields`, keyed by the API body's paths such as
 * `trust.sha256Fingerprint`) on the form fields they belong to. Returns whether any matched.
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
