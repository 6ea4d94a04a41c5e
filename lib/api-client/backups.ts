import {
  BACKUP_PAGE_DEFAULT,
  backupPageSchema,
  backupResponseSchema,
  backupVerificationResponseSchema,
  checksumMatchesSchema,
  type BackupHistoryFilters,
  type BackupItem,
  type BackupPageBody,
  type BackupVerificationRecord,
  type ChecksumMatch,
} from "@/lib/schemas/backup";
import type { BackupRequest } from "@/lib/schemas/backup-password";

import { apiErrorFromResponse, networkError } from "./api-error-from-response";
import { requestJson } from "./request-json";
import { systemQueryKey } from "./systems";

export const BACKUP_HISTORY_PAGE_SIZE = BACKUP_PAGE_DEFAULT;

/**
 * The cache key of a system's backup history (with `filters`, of one filtered view); the backup
 * form invalidates the unfiltered prefix when a backup ends, which takes in every filtered view.
 */
export function backupHistoryQueryKey(systemId: string, filters?: BackupHistoryFilters) {
  return filters === undefined
    ? ([...systemQueryKey(systemId), "backups"] as const)
    : ([...systemQueryKey(systemId), "backups", filters] as const);
}

function backupsPath(systemId: string): string {
  return `/api/systems/${encodeURIComponent(systemId)}/backups`;
}

/** The history's filters as query parameters, the empty ones left out. */
export function historyFilterParams(filters: BackupHistoryFilters = {}): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of ["status", "username", "from", "to"] as const) {
    const value = filters[name];
    if (value) query.set(name, value);
  }
  return query;
}

/** One page of GET /api/systems/{id}/backups, newest first, filtered; `cursor` is the previous page's nextCursor. */
export function fetchBackupPage(
  systemId: string,
  cursor: string | null,
  filters: BackupHistoryFilters = {},
): Promise<BackupPageBody> {
  const query = historyFilterParams(filters);
  query.set("limit", String(BACKUP_HISTORY_PAGE_SIZE));
  if (cursor) query.set("cursor", cursor);
  return requestJson("GET", `${backupsPath(systemId)}?${query}`, backupPageSchema);
}

/** The address of the filtered history as a CSV file (every page), for a download link. */
export function backupHistoryCsvHref(systemId: string, filters: BackupHistoryFilters = {}): string {
  const query = historyFilterParams(filters);
  query.set("format", "csv");
  return `${backupsPath(systemId)}?${query}`;
}

/** GET /api/backups?sha256=: the succeeded backups whose key file had this SHA-256 (none: empty). */
export async function findBackupsByChecksum(sha256: string): Promise<ChecksumMatch[]> {
  const query = new URLSearchParams({ sha256 });
  return (await requestJson("GET", `/api/backups?${query}`, checksumMatchesSchema)).backups;
}

/** GET /api/systems/{id}/backups/{backupId}: one history row, e.g. to compare a download's SHA-256. */
export async function fetchBackup(systemId: string, backupId: string): Promise<BackupItem> {
  return (await requestJson("GET", `${backupsPath(systemId)}/${encodeURIComponent(backupId)}`, backupResponseSchema))
    .backup;
}

export type { BackupVerificationRecord } from "@/lib/schemas/backup";

/**
 * POST /api/systems/{id}/backups/{backupId}/verification: reports the SHA-256 the browser computed
 * over the bytes it received (64 lowercase hex), so the portal records whether they matched.
 */
export function recordBackupVerification(
  systemId: string,
  backupId: string,
  sha256: string,
): Promise<BackupVerificationRecord> {
  return requestJson(
    "POST",
    `${backupsPath(systemId)}/${encodeURIComponent(backupId)}/verification`,
    backupVerificationResponseSchema,
    { sha256: sha256.toLowerCase() },
  );
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
