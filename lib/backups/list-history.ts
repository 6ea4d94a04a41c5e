import "server-only";

import { listBackups } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import { findSystem } from "@/lib/db/storage-systems";
import { notFound } from "@/lib/errors";
import type { BackupListQuery, BackupPageBody } from "@/lib/schemas/backup";

import { toBackupItem } from "./backup-view";

export interface ListHistoryOptions {
  db: Db;
  systemId: string;
  query: BackupListQuery;
}

/** One page of a system's backups, newest first. A removed system's history stays readable. */
export async function listHistory({ db, systemId, query }: ListHistoryOptions): Promise<BackupPageBody> {
  if (!(await findSystem(db, systemId))) throw notFound("The storage system");
  const page = await listBackups(db, systemId, query);
  return { items: page.items.map(toBackupItem), nextCursor: page.nextCursor };
}
