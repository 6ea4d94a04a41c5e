import "server-only";

import { requireRole, type Actor } from "@/lib/actor";
import { recordBackupVerification } from "@/lib/db/backup-verifications";
import { findBackup, type Backup } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import { findSystem } from "@/lib/db/storage-systems";
import { conflict, notFound } from "@/lib/errors";
import type { BackupVerificationRecord } from "@/lib/schemas/backup";

import { databaseTimes } from "./db-clock";
import { auditBackup } from "./final-row";

export interface RecordVerificationOptions {
  db: Db;
  /** Whoever may run backups (an operator at least) reports their browser's check. */
  actor: Actor;
  systemId: string;
  backupId: string;
  /** The SHA-256 the browser computed over the bytes it received, 64 hex digits. */
  sha256: string;
}

const UNVERIFIABLE: Record<Exclude<Backup["status"], "succeeded">, string> = {
  running: "is still running",
  failed: "failed",
  cancelled: "was cancelled",
  interrupted: "was interrupted",
};

/** The succeeded backup of the system, with the SHA-256 the portal streamed; 404 or 409 otherwise. */
async function verifiableBackup(db: Db, systemId: string, backupId: string): Promise<Backup & { sha256: string }> {
  const backup = await findBackup(db, systemId, backupId);
  if (!backup) throw notFound("The backup");
  if (backup.status !== "succeeded" || backup.sha256 === null) {
    const why = backup.status === "succeeded" ? "has no recorded SHA-256" : UNVERIFIABLE[backup.status];
    throw conflict(`This backup ${why}, so there is no file to verify.`);
  }
  return { ...backup, sha256: backup.sha256 };
}

/**
 * Records the browser's check of a backup it downloaded: its SHA-256 against the one the portal
 * streamed, "verified" or "mismatch", with when and by whom, on the row and in the audit log
 * (`backup.verified`, `backup.verification_mismatch`, both hashes in the detail; they are hashes
 * of an encrypted file, not secrets). Answers what this report made of it.
 *
 * A repeated report: the first "verified" stands. The same hash again changes nothing and is not
 * audited again (a retry); it answers the first record. Another hash after it is audited as a
 * mismatch, and so answered, but the row stays verified: the file the portal sent did arrive
 * intact, and the audit log keeps the later report. Before any match, the latest report is the
 * row's: a mismatch followed by a match becomes verified, both audited.
 */
export async function recordVerification(options: RecordVerificationOptions): Promise<BackupVerificationRecord> {
  const { db, actor, systemId, backupId } = options;
  requireRole(actor, "operator", "record the check of a backup");
  const backup = await verifiableBackup(db, systemId, backupId);
  const system = await findSystem(db, systemId);
  if (!system) throw notFound("The storage system");
  const reported = options.sha256.toLowerCase();
  const expected = backup.sha256.toLowerCase();
  const verification = reported === expected ? "verified" : "mismatch";
  const { now: at } = await databaseTimes(db);

  return db.transaction().execute(async (trx) => {
    const wrote = await recordBackupVerification(trx, { id: backupId, systemId, verification, at, by: actor.id });
    // Not written: the row already says "verified" (a succeeded backup stays succeeded).
    const first = wrote ? undefined : await findBackup(trx, systemId, backupId);
    if (verification === "verified" && first?.verification === "verified" && first.verifiedAt !== null) {
      return { verification, verifiedAt: first.verifiedAt };
    }
    const detail =
      verification === "verified"
        ? { backupId, sha256: reported }
        : { backupId, expectedSha256: expected, reportedSha256: reported, ...(wrote ? {} : { keptVerified: true }) };
    await auditBackup(
      trx,
      { actor, system },
      verification === "verified" ? "backup.verified" : "backup.verification_mismatch",
      { outcome: verification === "verified" ? "success" : "failure", detail },
    );
    return { verification, verifiedAt: at };
  });
}
