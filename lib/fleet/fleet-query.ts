import "server-only";

import type { Db } from "@/lib/db/connection";

/** What the fleet view needs of one registered system, read in a constant number of queries. */
export interface FleetRow {
  id: string;
  name: string;
  model: string | null;
  serialNumber: number | null;
  microcode: string | null;
  refused: boolean;
  lastSuccess: { at: string; username: string; backupId: string } | null;
  keyCheck: { at: string; keyCount: number; notBackedUp: number } | null;
}

/**
 * Every registered (not removed) system with its last successful backup and its latest key check,
 * in three queries whatever the number of systems: the systems with the ids of those two rows
 * (each a correlated subquery that is one seek on backups_system_status_started or
 * key_checks_system_at), then the rows by primary key.
 */
export async function readFleetRows(db: Db): Promise<FleetRow[]> {
  const systems = await db
    .selectFrom("storage_systems as s")
    .select(["s.id", "s.name", "s.model", "s.serial_number", "s.microcode", "s.key_backup_refused_at"])
    .select((eb) => [
      eb
        .selectFrom("backups as b")
        .select("b.id")
        .whereRef("b.system_id", "=", "s.id")
        .where("b.status", "=", "succeeded")
        .orderBy("b.started_at", "desc")
        .orderBy("b.id", "desc")
        .limit(1)
        .as("last_backup_id"),
      eb
        .selectFrom("key_checks as k")
        .select("k.id")
        .whereRef("k.system_id", "=", "s.id")
        .orderBy("k.at", "desc")
        .orderBy("k.id", "desc")
        .limit(1)
        .as("key_check_id"),
    ])
    .where("s.removed_at", "is", null)
    .execute();

  const backupIds = systems.flatMap((system) => (system.last_backup_id ? [system.last_backup_id] : []));
  const checkIds = systems.flatMap((system) => (system.key_check_id ? [system.key_check_id] : []));
  const backups =
    backupIds.length === 0
      ? []
      : await db.selectFrom("backups").select(["id", "started_at", "username"]).where("id", "in", backupIds).execute();
  const checks =
    checkIds.length === 0
      ? []
      : await db
          .selectFrom("key_checks")
          .select(["id", "at", "key_count", "not_backed_up_count"])
          .where("id", "in", checkIds)
          .execute();
  const backupById = new Map(backups.map((row) => [row.id, row]));
  const checkById = new Map(checks.map((row) => [row.id, row]));

  return systems.map((system) => {
    const backup = system.last_backup_id ? backupById.get(system.last_backup_id) : undefined;
    const check = system.key_check_id ? checkById.get(system.key_check_id) : undefined;
    return {
      id: system.id,
      name: system.name,
      model: system.model,
      serialNumber: system.serial_number === null ? null : Number(system.serial_number),
      microcode: system.microcode,
      refused: system.key_backup_refused_at !== null,
      lastSuccess: backup ? { at: backup.started_at, username: backup.username, backupId: backup.id } : null,
      keyCheck: check
        ? { at: check.at, keyCount: Number(check.key_count), notBackedUp: Number(check.not_backed_up_count) }
        : null,
    };
  });
}

/** The start of the system's last successful backup, or null; one seek on backups_system_status_started. */
export async function lastSuccessAt(db: Db, systemId: string): Promise<string | null> {
  const row = await db
    .selectFrom("backups")
    .select("started_at")
    .where("system_id", "=", systemId)
    .where("status", "=", "succeeded")
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.started_at ?? null;
}

/** How many backups ended in each final status, over the whole history (for the metrics). */
export async function countBackupsByStatus(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("backups")
    .select((eb) => ["status", eb.fn.countAll<string | number>().as("count")])
    .groupBy("status")
    .execute();
  return new Map(rows.map((row) => [row.status, Number(row.count)]));
}
