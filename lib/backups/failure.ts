import "server-only";

import type { StorageSystem } from "@/lib/db/storage-systems";
import { AppError, conflict, fromStorageError, toAppError } from "@/lib/errors";
import { StorageApiError, type StorageIdentity } from "@/lib/storage-api";
import { microcodeFamily } from "@/lib/storage-api/microcode";

import { scrubSecrets } from "./scrub-secrets";

/*
 * What a backup that did not succeed tells the user, as recorded, audited and shown: the wording
 * of each failure, without any password a storage system may have echoed.
 */

const SUPPORTED_MICROCODE =
  "93-07-0x or later on VSP E, 90-09-0x or later on VSP 5000, or 88-08-10 or later on VSP G/F";

export interface FailureContext {
  system: StorageSystem;
  /** What the storage system reported about itself, if it got that far. */
  identity: StorageIdentity | undefined;
  /** The passwords of this backup, never to appear in a message. */
  secrets: readonly string[];
}

/** The error without any of `secrets` in its message or in what the storage system said. */
function scrubError(error: AppError, secrets: readonly string[]): AppError {
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

function microcodeText(microcode: string): string {
  const family = microcodeFamily(microcode);
  return family ? `${microcode} (${family})` : microcode;
}

function wordingOf(error: unknown, { system, identity }: FailureContext): AppError {
  if (!(error instanceof StorageApiError)) return toAppError(error);
  const mapped = fromStorageError(error);
  if (error.kind === "unsupported") {
    const microcode = identity?.dkcMicroVersion ?? system.microcode;
    const which = microcode ? `its microcode ${microcodeText(microcode)}` : "its microcode";
    return mapped.withMessage(
      `${system.name} cannot back up its encryption keys: ${which} does not support the function, which needs ${SUPPORTED_MICROCODE}. Update the microcode, then try again.`,
    );
  }
  if (error.kind === "locked") {
    return mapped.withMessage(
      `${system.name} cannot back up its encryption keys while resources are locked through its REST API. Unlock the resources first (resource-group-service unlock, or end the session holding the lock), then try again.`,
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
