import "server-only";

import { sql, type RawBuilder } from "kysely";

import type { Db } from "@/lib/db/connection";
import { dialectOf } from "@/lib/db/dialect";

/*
 * The database's clock, as the ISO text the backups table stores ("2026-06-01T10:00:00.000Z").
 * Heartbeats and their staleness are judged on this one clock, so portal instances whose own
 * clocks disagree can never mistake a live backup for a dead one.
 */

/** The database's current time minus `minusMs`, as an ISO string expression (UTC, milliseconds). */
export function databaseNowExpression(db: Db, minusMs = 0): RawBuilder<string> {
  const ms = Math.max(0, Math.round(minusMs));
  if (dialectOf(db) === "postgres") {
    return sql<string>`to_char((clock_timestamp() - (${ms}::int * interval '1 millisecond')) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  }
  const modifier = `-${(ms / 1000).toFixed(3)} seconds`;
  return sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${modifier})`;
}

/** The database's current time, and the time `staleAfterMs` before it, read in one statement. */
export async function databaseTimes(db: Db, staleAfterMs = 0): Promise<{ now: string; staleBefore: string }> {
  const { rows } = await sql<{
    now: string;
    stale_before: string;
  }>`select ${databaseNowExpression(db)} as now, ${databaseNowExpression(db, staleAfterMs)} as stale_before`.execute(
    db,
  );
  const row = rows[0];
  if (!row) throw new Error("the database did not tell its time");
  return { now: row.now, staleBefore: row.stale_before };
}

/** Shows the backup is still alive, on the database's clock. False when it is no longer running. */
export async function heartbeatOnDatabaseClock(db: Db, backupId: string): Promise<boolean> {
  const result = await db
    .updateTable("backups")
    .set({ heartbeat_at: databaseNowExpression(db) })
    .where("id", "=", backupId)
    .where("status", "=", "running")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
