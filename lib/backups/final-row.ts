import "server-only";

import type { AuditActor } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { finishBackup, type FinishedBackup } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import { clearKeyBackupRefusal, recordKeyBackupRefusal } from "@/lib/db/key-backup-refusals";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { errorMessage } from "@/lib/errors";
import { logger } from "@/lib/log";

export interface AuditEnding {
  outcome: "success" | "failure";
  detail: Record<string, unknown>;
}

export interface FinalRow {
  db: Db;
  backupId: string;
  system: Pick<StorageSystem, "id" | "name" | "microcode">;
  actor: AuditActor;
  row: FinishedBackup;
  audit: AuditEnding;
}

/** Appends a backup's audit event (`backup.started`, `backup.succeeded`, ...) on `db`, which may be a transaction. */
export function auditBackup(
  db: Db,
  { actor, system }: Pick<FinalRow, "actor" | "system">,
  action: string,
  ending: AuditEnding,
) {
  return recordAudit({ db, actor, action, target: { type: "system", id: system.id, label: system.name }, ...ending });
}

/**
 * Whether the array supports key backup is known only from its answers: a 412 is kept on the
 * system until a backup succeeds (or a connection test sees other microcode).
 */
async function recordArrayAnswer(db: Db, { system, row }: FinalRow): Promise<void> {
  if (row.status === "succeeded") {
    await clearKeyBackupRefusal(db, system.id);
  } else if (row.status === "failed" && row.errorCode === "MICROCODE_UNSUPPORTED") {
    await recordKeyBackupRefusal(db, system.id, { at: row.finishedAt, microcode: row.microcode ?? system.microcode });
  }
}

function logFailure(event: string, ending: FinalRow, error: unknown, message: string): void {
  const err = { message: errorMessage(error) };
  logger.error({ event, backupId: ending.backupId, status: ending.row.status, err }, message);
}

/**
 * The final row, what it tells about the array and its audit event, one by one: a refusal or an
 * audit event that cannot be written is logged, and the final row stands.
 */
async function writeStepByStep(ending: FinalRow): Promise<boolean | undefined> {
  const { db } = ending;
  let won: boolean;
  try {
    won = await finishBackup(db, ending.backupId, ending.row);
  } catch (error) {
    logFailure("backup.record_failed", ending, error, "could not record how a backup ended");
    return undefined;
  }
  if (!won) return false;
  try {
    await recordArrayAnswer(db, ending);
  } catch (error) {
    logFailure("backup.refusal_record_failed", ending, error, "could not record the array's answer to a key backup");
  }
  try {
    await auditBackup(db, ending, `backup.${ending.row.status}`, ending.audit);
  } catch (error) {
    logFailure("backup.audit_failed", ending, error, "could not audit how a backup ended");
  }
  return true;
}

/**
 * Writes a backup's final row (only if it is still running) with its audit event. Never throws:
 * the caller is already reporting an ending, and a history that cannot be written is logged.
 * Returns whether it wrote the row.
 *
 * One transaction, so one commit (one fsync, on the way to the last byte) where two were; should
 * it fail, the writes are made one by one, so that an audit event that cannot be written still
 * leaves the final row standing, as it always has.
 */
export async function writeFinalRow(ending: FinalRow): Promise<boolean> {
  let won: boolean | undefined;
  try {
    won = await ending.db.transaction().execute(async (trx) => {
      if (!(await finishBackup(trx, ending.backupId, ending.row))) return false;
      await recordArrayAnswer(trx, ending);
      await auditBackup(trx, ending, `backup.${ending.row.status}`, ending.audit);
      return true;
    });
  } catch {
    won = await writeStepByStep(ending);
  }
  if (won === false) {
    // Ended elsewhere first (a stale-claim recovery by another instance): that state stands.
    logger.warn(
      { event: "backup.already_ended", backupId: ending.backupId, status: ending.row.status },
      "a backup's row was already final",
    );
  }
  return won === true;
}
