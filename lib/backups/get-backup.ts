import "server-only";

import { findBackup } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import { notFound } from "@/lib/errors";
import type { BackupItem } from "@/lib/schemas/backup";

import { toBackupItem } from "./backup-view";

export interface GetBackupOptions {
  db: Db;
  systemId: string;
  backupId: string;
}

/** One backup of one system; the browser reads it right after a download to compare hashes. */
export async function getBackup({ db, systemId, backupId }: GetBackupOptions): Promise<BackupItem> {
  const backup = await findBackup(db, systemId, backupId);
  if (!backup) throw notFound("The backup");
  return toBackupItem(backup);
}
