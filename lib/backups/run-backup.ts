import "server-only";

import { requireRole, type Actor } from "@/lib/actor";
import type { Db } from "@/lib/db/connection";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { toAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import {
  backupPasswordPolicySchema,
  makeBackupRequestSchema,
  type BackupPasswordPolicy,
  type BackupRequest,
} from "@/lib/schemas/backup-password";
import { ServerTiming } from "@/lib/server-timing";
import {
  backupEncryptionKeys,
  DEFAULT_TIMEOUTS,
  getStorageIdentity,
  streamWithStorageSession,
  type StorageTimeouts,
} from "@/lib/storage-api";
import { findActiveSystem } from "@/lib/systems/find-active-system";
import { storageTargetFor } from "@/lib/systems/storage-target";

import { BackupRecord } from "./ending";
import { checkIdentity, downloadStalled } from "./failure";
import { backupFileName, contentDisposition } from "./file-name";
import { meterStream, type MeterEnding } from "./meter";
import { beginTransfer } from "./shutdown";

export interface RunBackupOptions {
  db: Db;
  /** Who backs up; an operator at least (the route checks it too). */
  actor: Actor;
  systemId: string;
  /** Already parsed with the base request schema; checked again here against the system's policy. */
  input: BackupRequest;
  /** The request's signal: the browser going away cancels the backup. */
  signal?: AbortSignal;
  /** Replaces parts of the storage client's default timeouts (tests, unusually slow systems). */
  timeouts?: Partial<StorageTimeouts>;
  /** Where the phases go (`claim`, `audit`, `session`, `identity`, `headers`), for the route's Server-Timing. */
  timing?: ServerTiming;
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

/** The system's stricter backup-password rule, if one is recorded and readable. */
function policyOf(system: StorageSystem): BackupPasswordPolicy {
  if (system.passwordPolicy === null || system.passwordPolicy === undefined) return {};
  const parsed = backupPasswordPolicySchema.safeParse(system.passwordPolicy);
  if (parsed.success) return parsed.data;
  // The storage system enforces its policy anyway; an unreadable copy of it must not block backups.
  logger.warn(
    { event: "backup.policy_unreadable", systemId: system.id },
    "the stored backup-password policy is not valid; using the base rule",
  );
  return {};
}

/** The request checked against the system's own password policy. */
function checkInput(system: StorageSystem, input: BackupRequest): BackupRequest {
  const parsed = makeBackupRequestSchema(policyOf(system)).safeParse(input);
  if (!parsed.success) throw toAppError(parsed.error);
  return parsed.data;
}

/**
 * Backs up a storage system's encryption keys as a stream for the browser, recording the backup
 * in the history and the audit log. The passwords go to the storage system only; the key file
 * passes through one chunk at a time and is never written anywhere.
 *
 * Errors before the first byte are thrown as AppErrors (the row is then "failed"); later ones
 * error the returned stream, so a broken transfer can never end like a complete file. While the
 * portal shuts down it starts none (SHUTTING_DOWN), and one still running when the grace period
 * is over is stopped ("interrupted"; lib/backups/shutdown.ts).
 */
export async function runBackup(options: RunBackupOptions): Promise<StartedBackup> {
  // Registered until settled, so a shutdown lets it finish, or stops it, before the process exits.
  const transfer = beginTransfer(options.signal);
  try {
    const started = await startBackup({ ...options, signal: transfer.signal });
    void started.settled.finally(transfer.end);
    return started;
  } catch (error) {
    transfer.end();
    throw error;
  }
}

async function startBackup(options: RunBackupOptions): Promise<StartedBackup> {
  const { db, actor, signal } = options;
  const timing = options.timing ?? new ServerTiming();
  requireRole(actor, "operator", "back up encryption keys");
  const system = await findActiveSystem(db, options.systemId);
  // Before anything reaches the storage system (or the history): the system's own policy.
  const input = checkInput(system, options.input);
  const target = storageTargetFor(system, { timeouts: options.timeouts });
  const secrets = [input.storagePassword, input.backupPassword];
  const { storageUsername } = input;
  const record = await BackupRecord.open({ db, system, actor, secrets, signal, timing, storageUsername });

  let download;
  const opening = performance.now();
  let opened = false;
  try {
    download = await streamWithStorageSession(
      target,
      { username: input.storageUsername, password: input.storagePassword },
      async ({ client, session }) => {
        opened = true;
        timing.add("session", performance.now() - opening);
        // First, so a refusal can name the microcode, and a different array is never backed up.
        record.identity = await timing.measure("identity", () => getStorageIdentity(client, session, { signal }));
        checkIdentity(system, record.identity);
        return timing.measure("headers", () => backupEncryptionKeys(client, session, input.backupPassword, { signal }));
      },
      { signal },
    );
  } catch (error) {
    if (!opened) timing.add("session", performance.now() - opening);
    // No error when the browser has gone: the row says "cancelled", and no one is left to answer.
    throw (await record.stopped(error, null)) ?? new BackupCancelledError(record.backupId);
  }

  const fileName = backupFileName(system.name, record.identity?.serialNumber ?? system.serialNumber, record);
  const expectedBytes = download.contentLength;
  // A browser that stops reading would otherwise hold the slot and the storage session for ever.
  const readerIdleMs = options.timeouts?.bodyIdleMs ?? DEFAULT_TIMEOUTS.bodyIdleMs;
  const metered = meterStream(download.stream, record.meterHooks({ fileName, expectedBytes }), {
    signal,
    readerIdleMs,
    stalledError: () => downloadStalled(readerIdleMs),
  });
  return {
    backupId: record.backupId,
    fileName,
    contentDisposition: contentDisposition(fileName),
    expectedBytes,
    stream: metered.stream,
    // Settled means final and tidy: the row written and the storage session discarded.
    settled: Promise.all([metered.settled, download.sessionEnded]).then(([ending]) => ending),
  };
}
