import "server-only";

import { StorageApiError, type StorageErrorKind, type StorageStep } from "@/lib/storage-api/errors";

import { AppError } from "./app-error";
import type { AppErrorCode } from "./codes";

type NextStep = string | ((error: StorageApiError) => string);

/** The role each step of a backup needs on the storage system, as the vendor documents it. */
const STEP_ROLES: Partial<Record<StorageStep, [what: string, role: string]>> = {
  session: ["Signing in to the storage system", "Storage Administrator (View Only)"],
  identity: ["Reading the storage identity", "Storage Administrator (View Only)"],
  keys: ["Listing the encryption keys", "Security Administrator (View Only)"],
  backup: ["Backing up the encryption keys", "Security Administrator (View & Modify)"],
};

const BOTH_ROLES =
  "A key backup needs a storage user with both Storage Administrator (View Only) and Security Administrator (View & Modify).";

function permissionNext(error: StorageApiError): string {
  const step = error.step && STEP_ROLES[error.step];
  return step ? `${step[0]} needs ${step[1]}. ${BOTH_ROLES}` : BOTH_ROLES;
}

function notFoundNext(error: StorageApiError): string {
  const step = error.step && STEP_ROLES[error.step];
  // Arrays answer 404 rather than 403 to a user without read permission.
  const permission = step
    ? ` or the storage user lacks read permission (${step[0].toLowerCase()} needs ${step[1]})`
    : "";
  return `Either the base URL or storageDeviceId of this system is wrong${permission}.`;
}

function busyNext(error: StorageApiError): string {
  return error.step === "session"
    ? "The array allows 64 sessions, shared by every tool that talks to it: wait for other tools' sessions to end or expire, then try again."
    : "The storage system is busy; wait a minute, then try again.";
}

const STORAGE_CODES: Record<StorageErrorKind, [AppErrorCode, NextStep]> = {
  auth: ["STORAGE_AUTH_FAILED", "Check the storage user name and password, then try again."],
  permission: ["STORAGE_PERMISSION_DENIED", permissionNext],
  locked: ["STORAGE_LOCKED", "Release the lock held through the REST API, then try again."],
  held: [
    "STORAGE_BUSY",
    "Another management application holds the storage system's lock; wait until it has finished, then try again.",
  ],
  unsupported: ["MICROCODE_UNSUPPORTED", "Have the microcode updated with the vendor's support, then back up again."],
  busy: ["STORAGE_BUSY", busyNext],
  conflict: ["STORAGE_ERROR", "The storage system's message and solution say what conflicts."],
  "not-found": ["STORAGE_ERROR", notFoundNext],
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
  const nextText = typeof next === "function" ? next(error) : next;
  const storage =
    error.status !== undefined || error.storage
      ? {
          status: error.status,
          messageId: error.storage?.messageId,
          message: error.storage?.message,
          solution: error.storage?.solution,
        }
      : undefined;
  return new AppError(code, `${error.message}. ${nextText}`.replace(/\.\. /, ". "), storage ? { storage } : {});
}
