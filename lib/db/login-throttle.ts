import "server-only";

import type { Kysely, Selectable } from "kysely";

import type { Database, LoginThrottleTable } from "./schema";

export interface ThrottleState {
  key: string;
  /**
   * Attempts counted since windowStartedAt: failed ones, and ones whose password check is still
   * running (reserved before the check, released if it succeeds).
   */
  failures: number;
  windowStartedAt: string;
  lastFailureAt: string;
  blockedUntil: string | null;
}

function toThrottle(row: Selectable<LoginThrottleTable>): ThrottleState {
  return {
    key: row.key,
    failures: row.failures,
    windowStartedAt: row.window_started_at,
    lastFailureAt: row.last_failure_at,
    blockedUntil: row.blocked_until,
  };
}

export async function getThrottle(db: Kysely<Database>, key: string): Promise<ThrottleState | undefined> {
  const row = await db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst();
  return row && toThrottle(row);
}

/**
 * Counts one attempt against `key` and returns the new state, in a single upsert (no read then
 * write), so attempts arriving at the same moment, on any portal instance, each get their own
 * count. A window that started `windowMs` or more before `now` is over: counting starts again
 * at 1. With `limit`, the attempt is counted only while the key is not blocked and has fewer
 * than `limit` attempts in its window; otherwise nothing is written and the answer is undefined.
 */
export async function reserveAttempt(
  db: Kysely<Database>,
  key: string,
  now: string,
  windowMs: number,
  limit?: number,
): Promise<ThrottleState | undefined> {
  const windowOverAt = new Date(Date.parse(now) - windowMs).toISOString();
  const row = await db
    .insertInto("login_throttle")
    .values({ key, failures: 1, window_started_at: now, last_failure_at: now, blocked_until: null })
    .onConflict((oc) => {
      const update = oc.column("key").doUpdateSet((eb) => {
        const windowOver = eb("login_throttle.window_started_at", "<=", windowOverAt);
        return {
          failures: eb
            .case()
            .when(windowOver)
            .then(1)
            .else(eb("login_throttle.failures", "+", 1))
            .end(),
          window_started_at: eb
            .case()
            .when(windowOver)
            .then(now)
            .else(eb.ref("login_throttle.window_started_at"))
            .end(),
          last_failure_at: now,
        };
      });
      if (limit === undefined) return update;
      return update.where((eb) =>
        eb.and([
          eb.or([eb("login_throttle.blocked_until", "is", null), eb("login_throttle.blocked_until", "<=", now)]),
          eb.or([
            eb("login_throttle.window_started_at", "<=", windowOverAt),
            eb("login_throttle.failures", "<", limit),
          ]),
        ]),
      );
    })
    .returningAll()
    .executeTakeFirst();
  return row && toThrottle(row);
}

/** Takes back one reserved attempt (its password was not checked, or it was right). */
export async function releaseAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable("login_throttle")
    .set((eb) => ({ failures: eb("failures", "-", 1) }))
    .where("key", "=", key)
    .where("failures", ">", 0)
    .execute();
}

/** Sets (or with null lifts) a block on `key`; the policy of when to block is the caller's. */
export async function setThrottleBlock(db: Kysely<Database>, key: string, blockedUntil: string | null): Promise<void> {
  await db.updateTable("login_throttle").set({ blocked_until: blockedUntil }).where("key", "=", key).execute();
}

export async function clearThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}
