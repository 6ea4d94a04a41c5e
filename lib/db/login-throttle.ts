import "server-only";

import type { Kysely, Selectable } from "kysely";

import type { Database, LoginThrottleTable } from "./schema";

export interface ThrottleState {
  key: string;
  /** Failures since windowStartedAt. */
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
 * Counts one failed sign-in against `key` and returns the new state. A single upsert, so failures
 * arriving at the same moment are all counted (no read-then-write race). A window that started
 * `windowMs` or more before `now` is over: counting starts again at 1.
 */
export async function recordFailure(
  db: Kysely<Database>,
  key: string,
  now: string,
  windowMs: number,
): Promise<ThrottleState> {
  const windowOverAt = new Date(Date.parse(now) - windowMs).toISOString();
  const row = await db
    .insertInto("login_throttle")
    .values({ key, failures: 1, window_started_at: now, last_failure_at: now, blocked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => {
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
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toThrottle(row);
}

/** Sets (or with null lifts) a block on `key`; the policy of when to block is the caller's. */
export async function setThrottleBlock(db: Kysely<Database>, key: string, blockedUntil: string | null): Promise<void> {
  await db.updateTable("login_throttle").set({ blocked_until: blockedUntil }).where("key", "=", key).execute();
}

export async function clearThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}
