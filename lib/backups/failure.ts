import "server-only";

import type { StorageSystem } from "@/lib/db/storage-systems";
import { AppError, conflict, fromStorageError, toAppError } from "@/lib/errors";
import { StorageApiError, type StorageIdentity } from "@/lib/storage-api";

import { scrubError } from "./scrub-secrets";

/*
 * What a backup that did not succeed tells the user, as recorded, audited and shown: the wording
 * of each failure, without any password a storage system may have echoed.
 */

export interface FailureContext {
  system: StorageSystem;
  /** What the storage system reported about itself, if it got that far. */
  identity: StorageIdentity | undefined;
  /** The passwords of this backup, never to appear in a message. */
  secrets: readonly string[];
}

function wordingOf(error: unknown, { system, identity }: FailureContext): AppError {
  if (!(error instanceof StorageApiError)) return toAppError(error);
  const mapped = fromStorageError(error);
  if (error.kind === "unsupported") {
    const microcode = identity?.dkcMicroVersion ?? system.microcode;
    const said =
      error.storage?.message ?? "The microcode version of the storage system does not support this operation";
    const on = microcode ? ` (microcode ${microcode})` : "";
    return mapped.withMessage(
      `${system.name}${on} refused to back up its encryption keys: "${said}". Have the microcode updated with the vendor's support, then back up again.`,
    );
  }
  if (error.kind === "locked") {
    return mapped.withMessage(
      `${system.name} cannot back up its encryption keys while the storage user you signed in with holds a lock on its resources through the REST API. Release the lock (resource-group-service unlock, or discard the session holding it), then try again.`,
    );
  }
  return mapped;
}

/** Turns whatever stopped the backup into the error the user sees, recorded and audited as is. */
export function describeFailure(error: unknown, context: FailureContext): AppError {
  return scrubError(wordingOf(error, context), context.secrets);
}

/** A different array at the registered address: its keys must not be recorded as this system's. */
export function checkIdentity(system: StorageSystem, identity: StorageIdentity): void {
  if (system.storageDeviceId !== null && identity.storageDeviceId !== system.storageDeviceId) {
    throw conflict(
      `The system at the address of ${system.name} reports storageDeviceId ${identity.storageDeviceId}, not the registered ${system.storageDeviceId}. Nothing was backed up. Check the base URL, or have an admin correct the system.`,
    );
  }
  if (system.serialNumber !== null && identity.serialNumber !== system.serialNumber) {
    throw conflict(
      `The system at the address of ${system.name} reports serial number ${identity.serialNumber}, not ${system.serialNumber} as before. Nothing was backed up. If the system was replaced, test its connection to record the new identity, then back up again.`,
    );
  }
}

/** No array sends an empty key file; whatever this was, it is not a backup. */
export function emptyKeyFile(): AppError {
  return fromStorageError(new StorageApiError("protocol", "The storage system sent an empty key file"));
}

/**
 * The history is how the browser verifies the file; a download it cannot verify must not look
 * complete. (The row stays as it is: "running" until recovered, or already final.)
 */
export function notRecorded(): AppError {
  return new AppError("INTERNAL", "The portal could not record this backup as complete. Run the backup again.");
}

/** The browser stopped reading the download: the slot and the storage session are let go. */
export function downloadStalled(idleMs: number): AppError {
  const seconds = Math.max(1, Math.round(idleMs / 1000));
  return new AppError(
    "STORAGE_TIMEOUT",
    `The download stalled in the browser: it took no data for ${seconds} s, so the portal stopped the backup and let go of the storage session. The file is incomplete; run the backup again.`,
  );
}
