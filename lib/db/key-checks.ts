import "server-only";

import type { Kysely, Selectable } from "kysely";

import type { Database, KeyChecksTable } from "./schema";

/** A key the check found not backed up, as stored in the snapshot. */
export interface StoredCheckedKey {
  keyId: number;
  keyType: string;
  createdTime: string | null;
  numOfBackups: number | null;
}

export interface KeyCheckRow {
  id: string;
  systemId: string;
  at: string;
  userId: string | null;
  username: string;
  keyCount: number;
  newestKeyCreatedAt: string | null;
  lastSuccessAt: string | null;
  notBackedUpCount: number;
  notBackedUp: StoredCheckedKey[];
}

/** The snapshot keeps at most this many keys; the count is always the full one. */
export const MAX_STORED_KEYS = 1000;

function toKeyCheck(row: Selectable<KeyChecksTable>): KeyCheckRow {
  return {
    id: row.id,
    systemId: row.system_id,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    // PostgreSQL's driver could hand back numeric types as strings; be sure.
    keyCount: Number(row.key_count),
    newestKeyCreatedAt: row.newest_key_created_at,
    lastSuccessAt: row.last_success_at,
    notBackedUpCount: Number(row.not_backed_up_count),
    notBackedUp: JSON.parse(row.not_backed_up) as StoredCheckedKey[],
  };
}

export async function insertKeyCheck(db: Kysely<Database>, check: KeyCheckRow): Promise<KeyCheckRow> {
  const notBackedUp = check.notBackedUp.slice(0, MAX_STORED_KEYS);
  await db
    .insertInto("key_checks")
    .values({
      id: check.id,
      system_id: check.systemId,
      at: check.at,
      user_id: check.userId,
      username: check.username,
      key_count: check.keyCount,
      newest_key_created_at: check.newestKeyCreatedAt,
      last_success_at: check.lastSuccessAt,
      not_backed_up_count: check.notBackedUpCount,
      not_backed_up: JSON.stringify(notBackedUp),
    })
    .execute();
  return { ...check, notBackedUp };
}

/** The system's newest check (index key_checks_system_at), or undefined. */
export async function findLatestKeyCheck(db: Kysely<Database>, systemId: string): Promise<KeyCheckRow | undefined> {
  const row = await db
    .selectFrom("key_checks")
    .selectAll()
    .where("system_id", "=", systemId)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && toKeyCheck(row);
}
