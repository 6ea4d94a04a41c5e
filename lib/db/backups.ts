import "server-only";

import type { Kysely, Selectable, Updateable } from "kysely";

import { isUniqueViolation } from "./errors";
import { keysetPage, type KeysetPage } from "./keyset";
import { UNFINISHED_BACKUP_COLUMNS, type BackupsTable, type BackupStatus, type Database } from "./schema";

export type { BackupStatus } from "./schema";

export interface Backup {
  id: string;
  systemId: string;
  userId: string | null;
  username: string;
  status: BackupStatus;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
  instanceId: string;
  bytes: number | null;
  expectedBytes: number | null;
  sha256: string | null;
  fileName: string | null;
  durationMs: number | null;
  model: string | null;
  serialNumber: number | null;
  storageDeviceId: string | null;
  microcode: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  clientIp: string | null;
  storageUsername: string | null;
  verification: BackupsTable["verification"];
  verifiedAt: string | null;
  verifiedBy: string | null;
}

export interface NewBackup {
  id: string;
  systemId: string;
  userId: string | null;
  username: string;
  storageUsername?: string | null;
  instanceId: string;
  clientIp: string | null;
  now: string;
}

/** How a backup ended; the fields not given stay null. */
export interface FinishedBackup {
  status: Exclude<BackupStatus, "running" | "interrupted">;
  finishedAt: string;
  durationMs: number;
  bytes?: number | null;
  expectedBytes?: number | null;
  sha256?: string | null;
  fileName?: string | null;
  model?: string | null;
  serialNumber?: number | null;
  storageDeviceId?: string | null;
  microcode?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** The partial unique index refused a second running backup of the same system. */
export class BackupAlreadyRunningError extends Error {
  constructor(
    readonly systemId: string,
    /** The row that holds the slot; undefined if it finished between the refusal and the look-up. */
    readonly running: Backup | undefined,
  ) {
    super("A backup of this storage system is already running");
    this.name = "BackupAlreadyRunningError";
  }
}

export const INTERRUPTED_ERROR_CODE = "INTERRUPTED";
const INTERRUPTED_MESSAGE =
  "The portal stopped while this backup was running, so the file may be incomplete. Run the backup again.";

function toBackup(row: Selectable<BackupsTable>): Backup {
  return {
    id: row.id,
    systemId: row.system_id,
    userId: row.user_id,
    username: row.username,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    heartbeatAt: row.heartbeat_at,
    instanceId: row.instance_id,
    // PostgreSQL's driver could hand back numeric types as strings; the columns are integer, but be sure.
    bytes: row.bytes === null ? null : Number(row.bytes),
    expectedBytes: row.expected_bytes === null ? null : Number(row.expected_bytes),
    sha256: row.sha256,
    fileName: row.file_name,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    model: row.model,
    serialNumber: row.serial_number === null ? null : Number(row.serial_number),
    storageDeviceId: row.storage_device_id,
    microcode: row.microcode,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    clientIp: row.client_ip,
    storageUsername: row.storage_username,
    verification: row.verification,
    verifiedAt: row.verified_at,
    verifiedBy: row.verified_by,
  };
}

export async function findRunningBackup(db: Kysely<Database>, systemId: string): Promise<Backup | undefined> {
  const row = await db
    .selectFrom("backups")
    .selectAll()
    .where("system_id", "=", systemId)
    .where("status", "=", "running")
    .executeTakeFirst();
  return row && toBackup(row);
}

/**
 * Commits the "running" row that claims the system for this backup. Throws
 * BackupAlreadyRunningError when another backup of the system holds the claim.
 */
export async function insertRunningBackup(db: Kysely<Database>, input: NewBackup): Promise<Backup> {
  const row: Selectable<BackupsTable> = {
    id: input.id,
    system_id: input.systemId,
    user_id: input.userId,
    username: input.username,
    status: "running",
    started_at: input.now,
    finished_at: null,
    heartbeat_at: input.now,
    instance_id: input.instanceId,
    ...UNFINISHED_BACKUP_COLUMNS,
    client_ip: input.clientIp,
    storage_username: input.storageUsername ?? null,
  };
  try {
    await db.insertInto("backups").values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new BackupAlreadyRunningError(input.systemId, await findRunningBackup(db, input.systemId));
    throw error;
  }
  return toBackup(row);
}

/** Shows the backup is still alive. False when it is no longer running. */
export async function heartbeatBackup(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("backups")
    .set({ heartbeat_at: now })
    .where("id", "=", id)
    .where("status", "=", "running")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records how a running backup ended. Only the first call for a row wins (it must still be
 * "running"), so racing endings leave exactly one final state. Returns whether this call won.
 */
export async function finishBackup(db: Kysely<Database>, id: string, outcome: FinishedBackup): Promise<boolean> {
  const columns: Updateable<BackupsTable> = {
    status: outcome.status,
    finished_at: outcome.finishedAt,
    duration_ms: outcome.durationMs,
    bytes: outcome.bytes ?? null,
    expected_bytes: outcome.expectedBytes ?? null,
    sha256: outcome.sha256 ?? null,
    file_name: outcome.fileName ?? null,
    model: outcome.model ?? null,
    serial_number: outcome.serialNumber ?? null,
    storage_device_id: outcome.storageDeviceId ?? null,
    microcode: outcome.microcode ?? null,
    error_code: outcome.errorCode ?? null,
    error_message: outcome.errorMessage ?? null,
  };
  const result = await db
    .updateTable("backups")
    .set(columns)
    .where("id", "=", id)
    .where("status", "=", "running")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Marks running backups whose portal instance is gone as "interrupted" and returns them.
 * `heartbeatBefore` limits it to rows not heartbeated since then; `id` and `systemId` narrow it.
 */
export async function markInterrupted(
  db: Kysely<Database>,
  options: { now: string; heartbeatBefore?: string; id?: string; systemId?: string },
): Promise<Backup[]> {
  let query = db
    .updateTable("backups")
    .set({
      status: "interrupted",
      finished_at: options.now,
      error_code: INTERRUPTED_ERROR_CODE,
      error_message: INTERRUPTED_MESSAGE,
    })
    .where("status", "=", "running");
  if (options.heartbeatBefore !== undefined) query = query.where("heartbeat_at", "<", options.heartbeatBefore);
  if (options.id !== undefined) query = query.where("id", "=", options.id);
  if (options.systemId !== undefined) query = query.where("system_id", "=", options.systemId);
  const rows = await query.returningAll().execute();
  return rows.map(toBackup);
}

export async function findBackup(db: Kysely<Database>, systemId: string, id: string): Promise<Backup | undefined> {
  const row = await db
    .selectFrom("backups")
    .selectAll()
    .where("system_id", "=", systemId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toBackup(row);
}

export const MAX_BACKUP_PAGE = 200;

type FilterText = "username" | "sha256" | "since" | "before";
/** What a list of backups may be narrowed to (start times: ISO as stored, `before` exclusive); the fields combine. */
export type BackupFilter = { status?: BackupStatus } & Partial<Record<FilterText, string>>;

/** One system's backups (null: every system's), newest first, one page at a time, narrowed by the filter. */
export async function listBackups(
  db: Kysely<Database>,
  systemId: string | null,
  { limit, cursor, status, username, sha256, since, before }: { limit: number; cursor?: string } & BackupFilter,
): Promise<KeysetPage<Backup>> {
  let query = db.selectFrom("backups").selectAll();
  if (systemId !== null) query = query.where("system_id", "=", systemId);
  if (status !== undefined) query = query.where("status", "=", status);
  if (username !== undefined) query = query.where("username", "=", username);
  if (sha256 !== undefined) query = query.where("sha256", "=", sha256);
  if (since !== undefined) query = query.where("started_at", ">=", since);
  if (before !== undefined) query = query.where("started_at", "<", before);
  const page = await keysetPage(query, { limit, cursor, max: MAX_BACKUP_PAGE, orderBy: ["started_at", "id"], keyOf });
  return { items: page.items.map(toBackup), nextCursor: page.nextCursor };
}
const keyOf = (row: Selectable<BackupsTable>) => [row.started_at, row.id] as const;
