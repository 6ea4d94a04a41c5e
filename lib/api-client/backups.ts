import {
  BACKUP_PAGE_DEFAULT,
  backupPageSchema,
  backupResponseSchema,
  type BackupItem,
  type BackupPageBody,
} from "@/lib/schemas/backup";
import type { BackupRequest } from "@/lib/schemas/backup-password";

import { apiErrorFromResponse, networkError } from "./api-error-from-response";
import { requestJson } from "./request-json";
import { systemQueryKey } from "./systems";

export const BACKUP_HISTORY_PAGE_SIZE = BACKUP_PAGE_DEFAULT;

/** The cache key of a system's backup history; the backup form invalidates it when a backup ends. */
export function backupHistoryQueryKey(systemId: string) {
  return [...systemQueryKey(systemId), "backups"] as const;
}

function backupsPath(systemId: string): string {
  return `/api/systems/${encodeURIComponent(systemId)}/backups`;
}

/** One page of GET /api/systems/{id}/backups, newest first; `cursor` is the previous page's nextCursor. */
export function fetchBackupPage(systemId: string, cursor: string | null): Promise<BackupPageBody> {
  const query = new URLSearchParams({ limit: String(BACKUP_HISTORY_PAGE_SIZE) });
  if (cursor) query.set("cursor", cursor);
  return requestJson("GET", `${backupsPath(systemId)}?${query}`, backupPageSchema);
}

/** GET /api/systems/{id}/backups/{backupId}: one history row, e.g. to compare a download's SHA-256. */
export async function fetchBackup(systemId: string, backupId: string): Promise<BackupItem> {
  return (await requestJson("GET", `${backupsPath(systemId)}/${encodeURIComponent(backupId)}`, backupResponseSchema))
    .backup;
}

/** The request was aborted through its signal before the portal answered. */
export class BackupAbortedError extends Error {
  override readonly name = "BackupAbortedError";
  constructor() {
    super("The backup request was aborted before the portal answered.");
  }
}

/**
 * POST /api/systems/{id}/backups: asks for a backup and resolves with the accepted answer, whose
 * body is the key file as it streams in (the X-Backup-Id and X-Backup-Expected-Size headers of
 * lib/schemas/backup describe it). Rejects with ApiError when the portal refused before the first
 * byte or did not answer, or with BackupAbortedError when `signal` aborted first.
 */
export async function startBackup(systemId: string, body: BackupRequest, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(backupsPath(systemId), {
      method: "POST",
      headers: { accept: "application/octet-stream, application/json", "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal,
    });
  } catch {
    if (signal?.aborted) throw new BackupAbortedError();
    throw networkError();
  }
  if (!response.ok) throw await apiErrorFromResponse(response);
  return response;
}
