import "server-only";

import type { Backup } from "@/lib/db/backups";
import type { BackupItem } from "@/lib/schemas/backup";

/** A history row as the API answers it. */
export function toBackupItem(backup: Backup): BackupItem {
  return {
    id: backup.id,
    systemId: backup.systemId,
    startedAt: backup.startedAt,
    finishedAt: backup.finishedAt,
    username: backup.username,
    status: backup.status,
    bytes: backup.bytes,
    sha256: backup.sha256,
    fileName: backup.fileName,
    durationMs: backup.durationMs,
    model: backup.model,
    serialNumber: backup.serialNumber,
    microcode: backup.microcode,
    error: backup.errorCode === null ? null : { code: backup.errorCode, message: backup.errorMessage ?? "" },
    storageUsername: backup.storageUsername,
    verification: backup.verification,
    verifiedAt: backup.verifiedAt,
  };
}
