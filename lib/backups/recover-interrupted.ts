import "server-only";

import { recordAudit } from "@/lib/audit/record-audit";
import { markInterrupted, type Backup } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import { dialectOf } from "@/lib/db/dialect";
import { findSystem } from "@/lib/db/storage-systems";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";

import { databaseTimes } from "./db-clock";

/**
 * A running backup refreshes its heartbeat every BACKUP_HEARTBEAT_SECONDS (default 30 s,
 * lib/backups/backup-lock.ts); one that missed four in a row (default 2 minutes) belongs to a
 * portal instance that is gone. Every instance on one database must use the same setting: one
 * with a shorter one would take the others' live backups for gone.
 */
export function staleAfterMs(): number {
  return 4 * getEnv().backupHeartbeatSeconds * 1000;
}

/**
 * Marks running backups as interrupted (all of them, or those not heartbeated since
 * `heartbeatBefore`, or the one `id`), and audits each. Returns the rows it changed.
 */
export async function interruptBackups(
  db: Db,
  options: { now: Date; heartbeatBefore?: Date; id?: string },
): Promise<Backup[]> {
  const rows = await markInterrupted(db, {
    now: options.now.toISOString(),
    heartbeatBefore: options.heartbeatBefore?.toISOString(),
    id: options.id,
  });
  for (const backup of rows) {
    const system = await findSystem(db, backup.systemId);
    logger.warn(
      { event: "backup.interrupted", backupId: backup.id, systemId: backup.systemId, instanceId: backup.instanceId },
      "a backup was left running by a portal instance that stopped",
    );
    // The portal, not the user who started it, ends it: hence no actor.
    await recordAudit({
      db,
      actor: null,
      action: "backup.interrupted",
      target: { type: "system", id: backup.systemId, label: system?.name ?? null },
      outcome: "failure",
      detail: {
        backupId: backup.id,
        startedBy: backup.username,
        startedAt: backup.startedAt,
        lastHeartbeatAt: backup.heartbeatAt,
        instanceId: backup.instanceId,
      },
    });
  }
  return rows;
}

/**
 * For start-up: backups left "running" by a stopped portal become "interrupted", so their
 * systems can be backed up again and the history says what happened. With SQLite only this
 * process uses the file, so every running row is left over; PostgreSQL may be shared by other
 * instances that are running backups now, so only rows with a stale heartbeat are touched.
 */
export async function recoverInterruptedBackups(
  db: Db,
  options: { now?: Date; staleAfterMs?: number } = {},
): Promise<Backup[]> {
  if (dialectOf(db) === "sqlite") return interruptBackups(db, { now: options.now ?? new Date() });
  const staleMs = options.staleAfterMs ?? staleAfterMs();
  // Heartbeats are written on the database's clock (lib/backups/db-clock.ts); so is their staleness.
  if (options.now) {
    return interruptBackups(db, { now: options.now, heartbeatBefore: new Date(options.now.getTime() - staleMs) });
  }
  const times = await databaseTimes(db, staleMs);
  return interruptBackups(db, { now: new Date(times.now), heartbeatBefore: new Date(times.staleBefore) });
}
