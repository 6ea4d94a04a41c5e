import "server-only";

import { StorageApiError, type StorageErrorKind } from "@/lib/storage-api/errors";

import { AppError } from "./app-error";
import type { AppErrorCode } from "./codes";

const STORAGE_CODES: Record<StorageErrorKind, [AppErrorCode, string]> = {
  auth: ["STORAGE_AUTH_FAILED", "Check the storage user name and password, then try again."],
  permission: ["STORAGE_PERMISSION_DENIED", "Use a storage user with the Security Administrator (View & Modify) role."],
  locked: ["STORAGE_LOCKED", "Unlock the resources locked through the REST API, then try again."],
  unsupported: [
    "MICROCODE_UNSUPPORTED",
    "Key backup needs microcode 93-07-0x (VSP E), 90-09-0x (VSP 5000) or 88-08-10 (VSP G/F) or later.",
  ],
  busy: ["STORAGE_BUSY", "The storage system is busy; wait a minute, then try again."],
  "not-found": ["STORAGE_ERROR", "Check the base URL and storageDeviceId of this system."],
  "bad-request": ["STORAGE_ERROR", "Check the values entered; the storage system's message says which one."],
  server: ["STORAGE_ERROR", "Try again; if it persists, check the storage system's health."],
  unreachable: ["STORAGE_UNREACHABLE", "Check the system's address and the network path, then try again."],
  tls: ["STORAGE_TLS_ERROR", "An admin must check the certificate trust configured for this system."],
  timeout: ["STORAGE_TIMEOUT", "Try again; if it persists, check the storage system's load and network."],
  protocol: ["STORAGE_ERROR", "Try again; if it persists, check for a proxy in front of the storage system."],
};

/** Maps a storage client error to the portal's error, keeping what the storage system said. */
export function fromStorageError(error: StorageApiError): AppError {
  const [code, next] = STORAGE_CODES[error.kind];
  const storage =
    error.status !== undefined || error.storage
      ? {
          status: error.status,
          messageId: error.storage?.messageId,
          message: error.storage?.message,
          solution: error.storage?.solution,
        }
      : undefined;
  return new AppError(code, `${error.message}. ${next}`.replace(/\.\. /, ". "), storage ? { storage } : {});
}
