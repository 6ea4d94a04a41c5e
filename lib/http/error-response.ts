import "server-only";
import { ZodError } from "zod";
import { logger } from "@/lib/log";
import { StorageApiError, type StorageErrorKind } from "@/lib/storage-api/errors";
import { AppError, type AppErrorCode } from "./app-error";

// Storage refusals use statuses that cannot be mistaken for the portal's own 401/403: a storage
// system rejecting its credentials must not look like the portal session expiring.
const STORAGE_CODES: Record<StorageErrorKind, [AppErrorCode, number, string]> = {
  auth: ["STORAGE_AUTH_FAILED", 422, "Check the storage user name and password, then try again."],
  permission: [
    "STORAGE_PERMISSION_DENIED",
    422,
    "Use a storage user with the Security Administrator (View & Modify) role.",
  ],
  locked: ["STORAGE_LOCKED", 423, "Unlock the resources locked through the REST API, then try again."],
  unsupported: [
    "MICROCODE_UNSUPPORTED",
    412,
    "Key backup needs microcode 93-07-0x (VSP E), 90-09-0x (VSP 5000) or 88-08-10 (VSP G/F) or later.",
  ],
  busy: ["STORAGE_BUSY", 503, "The storage system is busy; wait a minute, then try again."],
  "not-found": ["STORAGE_ERROR", 502, "Check the base URL and storageDeviceId of this system."],
  "bad-request": ["STORAGE_ERROR", 502, "Check the values entered; the storage system's message says which one."],
  server: ["STORAGE_ERROR", 502, "Try again; if it persists, check the storage system's health."],
  unreachable: ["STORAGE_UNREACHABLE", 502, "Check the system's address and the network path, then try again."],
  tls: ["STORAGE_TLS_ERROR", 502, "An admin must check the certificate trust configured for this system."],
  timeout: ["STORAGE_TIMEOUT", 504, "Try again; if it persists, check the storage system's load and network."],
  protocol: ["STORAGE_ERROR", 502, "Try again; if it persists, check for a proxy in front of the storage system."],
};

/** Maps a storage client error to the portal's error, keeping what the storage system said. */
export function fromStorageError(error: StorageApiError): AppError {
  const [code, status, next] = STORAGE_CODES[error.kind];
  const storage =
    error.status !== undefined || error.storage
      ? {
          status: error.status,
          messageId: error.storage?.messageId,
          message: error.storage?.message,
          solution: error.storage?.solution,
        }
      : undefined;
  return new AppError(code, status, `${error.message}. ${next}`.replace(/\.\. /, ". "), storage ? { storage } : {});
}

/** Turns whatever a handler threw into the one JSON error shape. Unknown errors are logged, not shown. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof StorageApiError) return fromStorageError(error);
  if (error instanceof ZodError) {
    const fields: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.join(".") || "_";
      (fields[key] ??= []).push(issue.message);
    }
    return new AppError("VALIDATION_FAILED", 400, "Some values are not valid; see the fields.", { fields });
  }
  logger.error({ event: "http.unhandled", err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, "unhandled error");
  return new AppError("INTERNAL", 500, "Something went wrong in the portal. Try again; if it persists, tell an admin.");
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  return Response.json(appError.toBody(), {
    status: appError.status,
    headers: { "Cache-Control": "no-store", ...appError.headers },
  });
}
