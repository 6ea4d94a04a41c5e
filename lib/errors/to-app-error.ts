import "server-only";

import { ZodError } from "zod";

import { StorageApiError } from "@/lib/storage-api/errors";

import { AppError } from "./app-error";
import { fromStorageError } from "./storage-error";

export const INTERNAL_MESSAGE = "Something went wrong in the portal. Try again; if it persists, tell an admin.";

/** The fields of a zod failure, keyed by path, in the shape the API answers with. */
export function zodFields(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * Turns whatever was thrown into the portal's error. Anything unknown becomes INTERNAL with a
 * message that reveals nothing; the caller logs the original.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof StorageApiError) return fromStorageError(error);
  if (error instanceof ZodError) {
    return new AppError("VALIDATION_FAILED", "Some values are not valid; see the fields.", {
      fields: zodFields(error),
    });
  }
  return new AppError("INTERNAL", INTERNAL_MESSAGE);
}
