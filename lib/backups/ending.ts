import "server-only";

import { randomUUID } from "node:crypto";

import type { AuditActor } from "@/lib/actor";
import type { Backup, FinishedBackup } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { errorMessage, toAppError, type AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { ServerTiming } from "@/lib/server-timing";
import type { StorageIdentity } from "@/lib/storage-api";

import { claimBackupSlot, startHeartbeat } from "./backup-lock";
import { describeFailure, emptyKeyFile, notRecorded } from "./failure";
import { auditBackup, writeFinalRow, type AuditEnding } from "./final-row";
import type { MeterHooks } from "./meter";
import { interruptBackups } from "./recover-interrupted";
import { isShutdownReason, stoppedByShutdown } from "./shutdown";

type Outcome = Omit<FinishedBackup, "finishedAt" | "durationMs">;

export interface BackupRecordOptions {
  db: Db;
  system: StorageSystem;
  actor: AuditActor;
  /** The storage user it runs as, recorded on the row with the claim (never its password). */
  storageUsername?: string;
  /** The passwords of this backup, scrubbed from every failure recorded. */
  secrets: readonly string[];
  /** The request's signal: whatever stops the backup once it has aborted is the browser leaving. */
  signal?: AbortSignal;
  /** Where `claim` and `audit` (the durable start) go, for the route's Server-Timing. */
  timing?: ServerTiming;
}

/**
 * One backup's row in the history and its trail in the audit log, from the claim of the system to
 * its one ending. Every ending is written here: the final row, its audit event and its log line.
 */
export class BackupRecord {
  /** When the claim was committed, on the database's clock (as the row records it). */
  startedAt = new Date();
  /**
   * This process's clock once the claim is committed, for the duration only: taken before it, the
   * wait for the claim's queries (a busy PostgreSQL pool) would count as running time and push the
   * recorded end past the moment the slot was freed, into the next backup of the system.
   */
  private startedAtLocal = Date.now();
  readonly backupId = randomUUID();
  /** What the storage system reported about itself, once read; the final row carries it. */
  identity: StorageIdentity | undefined;
  private heartbeat = { stop() {} };

  private constructor(private readonly options: BackupRecordOptions) {}

  /**
   * Claims the system (its "running" row) and audits the start, both in one commit: one fsync
   * before the storage system is called, where there were two. A backup that cannot be audited
   * does not run.
   */
  static async open(options: BackupRecordOptions): Promise<BackupRecord> {
    const record = new BackupRecord(options);
    const timing = options.timing ?? new ServerTiming();
    let claimed: Backup;
    try {
      let auditing = 0;
      claimed = await options.db.transaction().execute(async (trx) => {
        const row = await timing.measure("claim", () => record.claim(trx));
        auditing = performance.now();
        await auditBackup(trx, options, "backup.started", record.startAudit());
        return row;
      });
      // The audit row is durable once the commit is: that is in its time.
      timing.add("audit", performance.now() - auditing);
    } catch {
      // A claim held or stale, or a write that failed: once more one step at a time, which tells
      // them apart as it always has (PostgreSQL goes on with no transaction after a failed statement).
      return record.openStepByStep(timing);
    }
    record.claimed(claimed);
    return record;
  }

  private async openStepByStep(timing: ServerTiming): Promise<BackupRecord> {
    const claimed = await timing.measure("claim", () => this.claim(this.options.db));
    this.claimed(claimed);
    try {
      await timing.measure("audit", () => this.audit("backup.started", this.startAudit()));
    } catch (error) {
      const appError = toAppError(error);
      await this.end(
        { status: "failed", errorCode: appError.code, errorMessage: appError.message },
        { outcome: "failure", detail: { backupId: this.backupId } },
      );
      throw appError;
    }
    return this;
  }

  private claim(db: Db): Promise<Backup> {
    const { system, actor, storageUsername } = this.options;
    return claimBackupSlot(db, { id: this.backupId, system, actor, storageUsername });
  }

  private startAudit(): AuditEnding {
    return { outcome: "success", detail: { backupId: this.backupId } };
  }

  /** The claim is committed: the backup runs from now, and shows it is alive until it ends. */
  private claimed(row: Backup): void {
    this.startedAt = new Date(row.startedAt);
    this.startedAtLocal = Date.now();
    this.heartbeat = startHeartbeat(this.options.db, this.backupId);
  }

  /**
   * Whatever stopped the backup, recorded: a failure, or a cancel once the request's signal has
   * aborted. Returns the error the user sees, or undefined for a cancel (no one is left to answer).
   */
  async stopped(error: unknown, bytes: number | null): Promise<AppError | undefined> {
    const { signal } = this.options;
    if (signal?.aborted && isShutdownReason(signal.reason)) {
      await this.interrupted();
      return stoppedByShutdown();
    }
    if (signal?.aborted) {
      await this.cancelled(bytes);
      return undefined;
    }
    const { system, secrets } = this.options;
    const failure = describeFailure(error, { system, identity: this.identity, secrets });
    await this.failed(failure, bytes);
    return failure;
  }

  async failed(error: AppError, bytes: number | null): Promise<void> {
    const { backupId } = this;
    logger.warn(
      { event: "backup.failed", backupId, systemId: this.options.system.id, code: error.code, bytes },
      error.message,
    );
    await this.end(
      { status: "failed", bytes, errorCode: error.code, errorMessage: error.message },
      { outcome: "failure", detail: { backupId, code: error.code, message: error.message, bytes } },
    );
  }

  async cancelled(bytes: number | null): Promise<void> {
    const { backupId } = this;
    logger.info(
      { event: "backup.cancelled", backupId, systemId: this.options.system.id, bytes },
      "the browser left during a backup",
    );
    await this.end({ status: "cancelled", bytes }, { outcome: "failure", detail: { backupId, bytes } });
  }

  /**
   * The portal shut down and its grace period ran out: "interrupted", as after a crash (the row,
   * its audit event by the portal itself, its log line), for the file may be incomplete. Never throws.
   */
  async interrupted(): Promise<void> {
    this.heartbeat.stop();
    const now = new Date(this.startedAt.getTime() + Math.max(0, Date.now() - this.startedAtLocal));
    await interruptBackups(this.options.db, { now, id: this.backupId }).catch((error: unknown) => {
      const err = { message: errorMessage(error) };
      logger.error(
        { event: "backup.record_failed", backupId: this.backupId, err },
        "could not record how a backup ended",
      );
    });
  }

  /** Returns whether it wrote: false if the row was already final, or could not be written. */
  async succeeded(file: {
    bytes: number;
    sha256: string;
    fileName: string;
    expectedBytes: number | undefined;
  }): Promise<boolean> {
    const { bytes, sha256, fileName } = file;
    return this.end(
      { status: "succeeded", bytes, expectedBytes: file.expectedBytes ?? null, sha256, fileName },
      { outcome: "success", detail: { backupId: this.backupId, bytes, sha256, fileName } },
    );
  }

  /** The download's hooks: its one ending is recorded before the browser gets the last byte. */
  meterHooks(file: { fileName: string; expectedBytes: number | undefined }): MeterHooks {
    return {
      onEnd: async ({ bytes, sha256 }) => {
        if (bytes === 0) {
          const empty = emptyKeyFile();
          await this.failed(empty, 0);
          throw empty;
        }
        if (!(await this.succeeded({ bytes, sha256, ...file }))) throw notRecorded();
      },
      onError: async (error, { bytes }) => {
        await this.stopped(error, bytes);
      },
      onCancel: (reason, { bytes }) => (isShutdownReason(reason) ? this.interrupted() : this.cancelled(bytes)),
    };
  }

  private audit(action: string, ending: AuditEnding) {
    return auditBackup(this.options.db, this.options, action, ending);
  }

  /** Writes the final state and its audit event (final-row.ts). Never throws; returns whether it wrote. */
  private async end(outcome: Outcome, audit: AuditEnding): Promise<boolean> {
    const { backupId, identity } = this;
    this.heartbeat.stop();
    // On the timeline of the database's clock the row started on, whatever this process's clock says.
    const durationMs = Math.max(0, Date.now() - this.startedAtLocal);
    const finishedAt = new Date(this.startedAt.getTime() + durationMs);
    const row = {
      ...(identity
        ? {
            model: identity.model,
            serialNumber: identity.serialNumber,
            storageDeviceId: identity.storageDeviceId,
            microcode: identity.dkcMicroVersion,
          }
        : {}),
      ...outcome,
      finishedAt: finishedAt.toISOString(),
      durationMs,
    };
    const { db, system, actor } = this.options;
    return writeFinalRow({ db, backupId, system, actor, row, audit });
  }
}
