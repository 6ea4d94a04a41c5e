import { requestJson } from "@/lib/api-client/request-json";
import { BACKUP_PAGE_DEFAULT, type BackupItem, type BackupPageBody, type BackupResponseBody } from "@/lib/schemas/backup";

export const BACKUP_HISTORY_PAGE_SIZE = BACKUP_PAGE_DEFAULT;

/** The cache key of a system's backup history; the backup form invalidates it when a backup ends. */
export function backupHistoryQueryKey(systemId: string) {
  return ["systems", systemId, "backups"] as const;
}

export function backupsPath(systemId: string): string {
  return `/api/systems/${encodeURIComponent(systemId)}/backups`;
}

/** One page of GET /api/systems/{id}/backups, newest first; `cursor` is the previous page's nextCursor. */
export function fetchBackupPage(systemId: string, cursor: string | null): Promise<BackupPageBody> {
  const query = new URLSearchParams({ limit: String(BACKUP_HISTORY_PAGE_SIZE) });
  if (cursor) query.set("cursor", cursor);
  return requestJson<BackupPageBody>("GET", `${backupsPath(systemId)}?${query}`);
}

/** GET /api/systems/{id}/backups/{backupId}: one history row, e.g. to compare a download's SHA-256. */
export async function fetchBackup(systemId: string, backupId: string): Promise<BackupItem> {
  const body = await requestJson<BackupResponseBody>("GET", `${backupsPath(systemId)}/${encodeURIComponent(backupId)}`);
  return body.backup;
}
