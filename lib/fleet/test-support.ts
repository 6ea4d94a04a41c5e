import "server-only";

import { randomUUID } from "node:crypto";

import type { Db } from "@/lib/db/connection";
import { UNFINISHED_BACKUP_COLUMNS, type BackupStatus } from "@/lib/db/schema";
import { insertSystem, type StorageSystem } from "@/lib/db/storage-systems";

/*
 * Helpers for the lib/fleet, lib/metrics and fleet route tests. Nothing in the portal imports this file.
 */

export function registerFakeSystem(db: Db, name: string): Promise<StorageSystem> {
  return insertSystem(db, {
    name,
    baseUrl: "https://192.0.2.10/ConfigurationManager",
    trustKind: "ca",
    caCertificatePem: "not-used",
  });
}

/** A history row as a finished backup leaves it. */
export async function addBackupRow(
  db: Db,
  systemId: string,
  status: BackupStatus,
  startedAt: string,
  username = "olivia",
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("backups")
    .values({
      id,
      system_id: systemId,
      user_id: null,
      username,
      status,
      started_at: startedAt,
      finished_at: status === "running" ? null : startedAt,
      heartbeat_at: startedAt,
      instance_id: "test",
      ...UNFINISHED_BACKUP_COLUMNS,
      client_ip: null,
    })
    .execute();
  return id;
}

/** A key check row, as checkKeys leaves it. */
export async function addKeyCheckRow(
  db: Db,
  systemId: string,
  at: string,
  counts: { keyCount: number; notBackedUp: number },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("key_checks")
    .values({
      id,
      system_id: systemId,
      at,
      user_id: null,
      username: "olivia",
      key_count: counts.keyCount,
      newest_key_created_at: null,
      last_success_at: null,
      not_backed_up_count: counts.notBackedUp,
      not_backed_up: "[]",
    })
    .execute();
  return id;
}
