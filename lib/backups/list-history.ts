import "server-only";

import { allPages, csvStream, fileStamp, type CsvColumn } from "@/lib/csv/csv-stream";
import { listBackups, MAX_BACKUP_PAGE, type Backup, type BackupFilter } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import { findSystem } from "@/lib/db/storage-systems";
import { notFound } from "@/lib/errors";
import type { BackupHistoryFilters, BackupListQuery, BackupPageBody } from "@/lib/schemas/backup";
import { dateRange } from "@/lib/schemas/pagination";

import { toBackupItem } from "./backup-view";

export interface ListHistoryOptions {
  db: Db;
  systemId: string;
  query: Pick<BackupListQuery, "limit" | "cursor"> & BackupHistoryFilters;
}

/** The database filter the query's filters mean (`to` inclusive of its day when a date). */
function backupFilter(filters: BackupHistoryFilters): BackupFilter {
  const { since, before } = dateRange(filters);
  return { status: filters.status, username: filters.username, since, before };
}

async function systemOrNotFound(db: Db, systemId: string) {
  const system = await findSystem(db, systemId);
  if (!system) throw notFound("The storage system");
  return system;
}

/** One page of a system's backups, newest first, filtered. A removed system's history stays readable. */
export async function listHistory({ db, systemId, query }: ListHistoryOptions): Promise<BackupPageBody> {
  await systemOrNotFound(db, systemId);
  const page = await listBackups(db, systemId, { limit: query.limit, cursor: query.cursor, ...backupFilter(query) });
  return { items: page.items.map(toBackupItem), nextCursor: page.nextCursor };
}

/** The columns of the history's CSV export; times are UTC ISO instants. */
export const HISTORY_CSV_COLUMNS: readonly CsvColumn<Backup>[] = [
  { header: "Started at (UTC)", value: (row) => row.startedAt },
  { header: "Finished at (UTC)", value: (row) => row.finishedAt },
  { header: "User", value: (row) => row.username },
  { header: "Storage user", value: (row) => row.storageUsername },
  { header: "Status", value: (row) => row.status },
  { header: "Bytes", value: (row) => row.bytes },
  { header: "File name", value: (row) => row.fileName },
  { header: "SHA-256", value: (row) => row.sha256 },
  // Empty: not reported by a browser (e.g. downloaded by a script).
  { header: "Verification", value: (row) => row.verification },
  { header: "Verified at (UTC)", value: (row) => row.verifiedAt },
  { header: "Duration (ms)", value: (row) => row.durationMs },
  { header: "Model", value: (row) => row.model },
  { header: "Serial", value: (row) => row.serialNumber },
  { header: "Microcode", value: (row) => row.microcode },
  { header: "Error code", value: (row) => row.errorCode },
  { header: "Error message", value: (row) => row.errorMessage },
];

export interface HistoryCsv {
  fileName: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * The whole filtered history as CSV, newest first, read in keyset batches as the client takes it
 * (never all rows at once). The system is looked up first, so an unknown one is a 404, not a broken file.
 */
export async function exportHistoryCsv({
  db,
  systemId,
  filters,
  signal,
  now = new Date(),
}: {
  db: Db;
  systemId: string;
  filters: BackupHistoryFilters;
  signal?: AbortSignal;
  now?: Date;
}): Promise<HistoryCsv> {
  const system = await systemOrNotFound(db, systemId);
  const filter = backupFilter(filters);
  const batches = allPages((cursor) => listBackups(db, systemId, { limit: MAX_BACKUP_PAGE, cursor, ...filter }));
  return {
    fileName: `backup-history-${system.name}-${fileStamp(now)}.csv`,
    body: csvStream(HISTORY_CSV_COLUMNS, batches, signal),
  };
}
