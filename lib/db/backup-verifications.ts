import "server-only";

import type { Kysely } from "kysely";

import type { BackupVerification, Database } from "./schema";

export interface VerificationReport {
  /** The backup's id. */
  id: string;
  systemId: string;
  verification: BackupVerification;
  at: string;
  /** The portal user whose browser reported it. */
  by: string | null;
}

/**
 * Records what a browser's reported SHA-256 made of a succeeded backup, unless the row already
 * says "verified": the first match stands, so a later report (a retry, or another file's hash)
 * cannot undo it, while a mismatch is replaced by whatever is reported next. Returns whether it
 * wrote; false means the row was already verified (or is not a succeeded backup of the system).
 */
export async function recordBackupVerification(db: Kysely<Database>, report: VerificationReport): Promise<boolean> {
  const result = await db
    .updateTable("backups")
    .set({ verification: report.verification, verified_at: report.at, verified_by: report.by })
    .where("id", "=", report.id)
    .where("system_id", "=", report.systemId)
    .where("status", "=", "succeeded")
    .where((eb) => eb.or([eb("verification", "is", null), eb("verification", "=", "mismatch")]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
