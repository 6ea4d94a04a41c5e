import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/connection";
import { finishBackup, type FinishedBackup } from "@/lib/db/backups";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { AppError, conflict, forbidden, notFound } from "@/lib/http/app-error";
import { fromStorageError, toAppError } from "@/lib/http/error-response";
import { logger } from "@/lib/log";
import {
  backupPasswordPolicySchema,
  makeBackupRequestSchema,
  type BackupPasswordPolicy,
  type BackupRequest,
} from "@/lib/schemas/backup-password";
import { hasRole, type Role } from "@/lib/schemas/role";
import {
  backupEncryptionKeys,
  getStorageIdentity,
  StorageApiError,
  streamWithStorageSession,
  type StorageIdentity,
  type StorageTimeouts,
} from "@/lib/storage-api";
import { microcodeFamily } from "@/lib/storage-api/microcode";
import { storageTargetFor } from "@/lib/systems/storage-target";
import { claimBackupSlot, startHeartbeat } from "./backup-lock";
import { backupFileName, contentDisposition } from "./file-name";
import { meterStream, type MeterEnding } from "./meter";
import { scrubSecrets } from "./scrub-secrets";

export interface RunBackupOptions {
  db: Db;
  system: StorageSystem;
  user: { id: string; username: string; role: Role };
  clientIp: string | null;
  /** Already parsed with the base request schema; checked again here against the system's policy. */
  input: BackupRequest;
  /** The request's signal: the browser going away cancels the backup. */
  signal?: AbortSignal;
  /** Replaces parts of the storage client's default timeouts (tests, unusually slow systems). */
  timeouts?: Partial<StorageTimeouts>;
}

export interface StartedBackup {
  backupId: string;
  fileName: string;
  /** The Content-Disposition header value for `fileName`. */
  contentDisposition: string;
  /** The size the storage system announced, when it did. */
  expectedBytes?: number;
  /** The key file as it arrives from the storage system, metered; never buffered or stored. */
  stream: ReadableStream<Uint8Array>;
  /** Settles once the row holds its final state and the storage session has been discarded. Never rejects. */
  settled: Promise<MeterEnding>;
}

/** The browser went away before the download started; the row says "cancelled". No one is left to answer. */
export class BackupCancelledError extends Error {
  constructor(readonly backupId: string) {
    super("The backup was cancelled before the download started");
    this.name = "BackupCancelledError";
  }
}

const SUPPORTED_MICROCODE = "93-07-0x or later on VSP E, 90-09-0x or later on VSP 5000, or 88-08-10 or later on VSP G/F";

/** The system's stricter backup-password rule, if one is recorded and readable. */
function policyOf(system: StorageSystem): BackupPasswordPolicy {
  if (system.passwordPolicy === null || system.passwordPolicy === undefined) return {};
  const parsed = backupPasswordPolicySchema.safeParse(system.passwordPolicy);
  if (parsed.success) return parsed.data;
  // The storage system enforces its policy anyway; an unreadable copy of it must not block backups.
  logger.warn({ event: "backup.policy_unreadable", systemId: system.id }, "the stored backup-password policy is not valid; using the base rule");
  return {};
}

/** The error as stored, audited and shown: without any password a storage system may have echoed. */
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
  return new AppError(error.code, error.status, scrubSecrets(error.message, secrets), extra, error.headers);
}

function microcodeText(microcode: string): string {
  const family = microcodeFamily(microcode);
  return family ? `${microcode} (${family})` : microcode;
}

/** Turns whatever stopped the backup into the error the user sees, recorded and audited as is. */
function describeFailure(error: unknown, system: StorageSystem, identity: StorageIdentity | undefined): AppError {
  if (!(error instanceof StorageApiError)) return toAppError(error);
  const mapped = fromStorageError(error);
  if (error.kind === "unsupported") {
    const microcode = identity?.dkcMicroVersion ?? system.microcode;
    const which = microcode ? `its microcode ${microcodeText(microcode)}` : "its microcode";
    return new AppError(
      mapped.code,
      mapped.status,
      `${system.name} cannot back up its encryption keys: ${which} does not support the function, which needs ${SUPPORTED_MICROCODE}. Update the microcode, then try again.`,
      mapped.extra,
    );
  }
  if (error.kind === "locked") {
    return new AppError(
      mapped.code,
      mapped.status,
      `${system.name} cannot back up its encryption keys while resources are locked through its REST API. Unlock the resources first (resource-group-service unlock, or end the session holding the lock), then try again.`,
      mapped.extra,
    );
  }
  return mapped;
}

/** A different array at the registered address: its keys must not be recorded as this system's. */
function checkIdentity(system: StorageSystem, identity: StorageIdentity): void {
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Backs up a storage system's encryption keys as a stream for the browser, recording the backup
 * in the history and the audit log. The passwords go to the storage system only; the key file
 * passes through one chunk at a time and is never written anywhere.
 *
 * Errors before the first byte are thrown as AppErrors (the row is then "failed"); later ones
 * error the returned stream, so a broken transfer can never end like a complete file.
 */
export async function runBackup(options: RunBackupOptions): Promise<StartedBackup> {
  const { db, system, user, clientIp, signal } = options;
  if (!hasRole(user.role, "operator")) throw forbidden("back up encryption keys");
  if (system.removedAt !== null) throw notFound("The storage system");

  // Before anything reaches the storage system (or the history): the system's own policy.
  const parsed = makeBackupRequestSchema(policyOf(system)).safeParse(options.input);
  if (!parsed.success) throw toAppError(parsed.error);
  const input = parsed.data;
  const secrets = [input.storagePassword, input.backupPassword];
  const target = storageTargetFor(system, { timeouts: options.timeouts });

  const startedAt = new Date();
  const backupId = randomUUID();
  await claimBackupSlot(db, { id: backupId, system, user, clientIp, now: startedAt });

  const actor = { id: user.id, username: user.username };
  const auditTarget = { type: "system", id: system.id, label: system.name };
  const heartbeat = startHeartbeat(db, backupId);
  let identity: StorageIdentity | undefined;

  const identityFields = (): Partial<FinishedBackup> =>
    identity
      ? {
          model: identity.model,
          serialNumber: identity.serialNumber,
          storageDeviceId: identity.storageDeviceId,
          microcode: identity.dkcMicroVersion,
        }
      : {};

  /**
   * Writes the final state and its audit event. Never throws: the caller is already reporting an
   * ending, and a history that could not be written is logged instead. Returns whether it wrote.
   */
  async function recordEnding(
    outcome: Omit<FinishedBackup, "finishedAt" | "durationMs">,
    audit: { outcome: "success" | "failure"; detail: Record<string, unknown> },
  ): Promise<boolean> {
    heartbeat.stop();
    const finishedAt = new Date();
    let won: boolean;
    try {
      won = await finishBackup(db, backupId, {
        ...identityFields(),
        ...outcome,
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
      });
    } catch (error) {
      logger.error({ event: "backup.record_failed", backupId, status: outcome.status, err: { message: errorText(error) } }, "could not record how a backup ended");
      return false;
    }
    if (!won) {
      // Ended elsewhere first (a stale-claim recovery by another instance): that state stands.
      logger.warn({ event: "backup.already_ended", backupId, status: outcome.status }, "a backup's row was already final");
      return false;
    }
    try {
      await recordAudit(db, { actor, clientIp, action: `backup.${outcome.status}`, target: auditTarget, ...audit });
    } catch (error) {
      logger.error({ event: "backup.audit_failed", backupId, status: outcome.status, err: { message: errorText(error) } }, "could not audit how a backup ended");
    }
    return true;
  }

  async function recordFailure(error: AppError, bytes: number | null): Promise<void> {
    logger.warn({ event: "backup.failed", backupId, systemId: system.id, code: error.code, bytes }, error.message);
    await recordEnding(
      { status: "failed", bytes, errorCode: error.code, errorMessage: error.message },
      { outcome: "failure", detail: { backupId, code: error.code, message: error.message, bytes } },
    );
  }

  async function recordCancel(bytes: number | null): Promise<void> {
    logger.info({ event: "backup.cancelled", backupId, systemId: system.id, bytes }, "the browser left during a backup");
    await recordEnding({ status: "cancelled", bytes }, { outcome: "failure", detail: { backupId, bytes } });
  }

  try {
    await recordAudit(db, { actor, clientIp, action: "backup.started", target: auditTarget, outcome: "success", detail: { backupId } });
  } catch (error) {
    // A backup that cannot be audited must not run.
    const appError = toAppError(error);
    await recordEnding({ status: "failed", errorCode: appError.code, errorMessage: appError.message }, { outcome: "failure", detail: { backupId } });
    throw appError;
  }

  let download;
  try {
    download = await streamWithStorageSession(
      target,
      { username: input.storageUsername, password: input.storagePassword },
      async ({ client, session }) => {
        // First, so a refusal can name the microcode, and a different array is never backed up.
        identity = await getStorageIdentity(client, session, { signal });
        checkIdentity(system, identity);
        return backupEncryptionKeys(client, session, input.backupPassword, { signal });
      },
      { signal },
    );
  } catch (error) {
    if (signal?.aborted) {
      await recordCancel(null);
      throw new BackupCancelledError(backupId);
    }
    const appError = scrubError(describeFailure(error, system, identity), secrets);
    await recordFailure(appError, null);
    throw appError;
  }

  const fileName = backupFileName(system.name, identity?.serialNumber ?? system.serialNumber, startedAt);
  const expectedBytes = download.contentLength;
  const metered = meterStream(
    download.stream,
    {
      async onEnd({ bytes, sha256 }) {
        if (bytes === 0) {
          // No array sends an empty key file; whatever this was, it is not a backup.
          const empty = fromStorageError(new StorageApiError("protocol", "The storage system sent an empty key file"));
          await recordFailure(empty, 0);
          throw empty;
        }
        const recorded = await recordEnding(
          { status: "succeeded", bytes, expectedBytes: expectedBytes ?? null, sha256, fileName },
          { outcome: "success", detail: { backupId, bytes, sha256, fileName } },
        );
        // The history is how the browser verifies the file; a download it cannot verify must not
        // look complete. (The row stays as it is: "running" until recovered, or already final.)
        if (!recorded) {
          throw new AppError("INTERNAL", 500, "The portal could not record this backup as complete. Run the backup again.");
        }
      },
      async onError(error, { bytes }) {
        if (signal?.aborted) return recordCancel(bytes);
        await recordFailure(scrubError(describeFailure(error, system, identity), secrets), bytes);
      },
      async onCancel(_reason, { bytes }) {
        await recordCancel(bytes);
      },
    },
    { signal },
  );

  // Settled means final and tidy: the row written and the storage session discarded.
  const settled = Promise.all([metered.settled, download.sessionEnded]).then(([ending]) => ending);
  return {
    backupId,
    fileName,
    contentDisposition: contentDisposition(fileName),
    expectedBytes,
    stream: metered.stream,
    settled,
  };
}
