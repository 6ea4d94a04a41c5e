import "server-only";

import { recordAudit } from "@/lib/audit/record-audit";
import { markInterrupted, type Backup } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import { dialectOf } from "@/lib/db/dialect";
import { findSystem } from "@/lib/db/storage-systems";
import { logger } from "@/lib/log";

import { databaseTimes } from "./db-clock";

/**
 * A running backup refreshes its heartbeat every 30 s (lib/backups/backup-lock.ts); one not
 * refreshed for this long belongs to a portal instance that is gone.
 */
export const STALE_AFTER_MS = 2 * 60_000;

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
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  if (dialectOf(db) === "sqlite") return interruptBackups(db, { now: options.now ?? new Date() });
  // Heartbeats are written on the database's clock (lib/backups/db-clock.ts); so is their staleness.
  if (options.now) {
    return interruptBackups(db, { now: options.now, heartbeatBefore: new Date(options.now.getTime() - staleAfterMs) });
  }
  const times = await databaseTimes(db, staleAfterMs);
  return interruptBackups(db, { now: new Date(times.now), heartbeatBefore: new Date(times.staleBefore) });
}
