import "server-only";

import { now as clockNow } from "@/lib/clock";
import type { Db } from "@/lib/db/connection";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";

/*
 * Connection tests send the storage password typed for them and use one of the array's shared
 * sessions, so they are limited per user and per system. Counted in the database in fixed
 * windows, with one atomic upsert per key, so the limit holds across portal instances.
 */

export const CONNECTION_TEST_WINDOW_MS = 10 * 60_000;
export const CONNECTION_TESTS_PER_USER = 10;
export const CONNECTION_TESTS_PER_SYSTEM = 20;

/** Counts one attempt against `key`; returns the attempts in its window and when that window started. */
async function countAttempt(db: Db, key: string, at: Date, windowMs: number) {
  const now = at.toISOString();
  const windowOverAt = new Date(at.getTime() - windowMs).toISOString();
  const row = await db
    .insertInto("connection_test_limits")
    .values({ key, window_started_at: now, attempts: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => {
        const windowOver = eb("connection_test_limits.window_started_at", "<=", windowOverAt);
        return {
          attempts: eb
            .case()
            .when(windowOver)
            .then(1)
            .else(eb("connection_test_limits.attempts", "+", 1))
            .end(),
          window_started_at: eb
            .case()
            .when(windowOver)
            .then(now)
            .else(eb.ref("connection_test_limits.window_started_at"))
            .end(),
        };
      }),
    )
    .returning(["attempts", "window_started_at"])
    .executeTakeFirstOrThrow();
  return { attempts: Number(row.attempts), windowStartedAt: Date.parse(row.window_started_at) };
}

function throttled(what: "you" | "this system", limit: number, retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const who = what === "you" ? "by you" : "of this system";
  return new AppError(
    "THROTTLED",
    `Too many connection tests ${who}: at most ${limit} in ${CONNECTION_TEST_WINDOW_MS / 60_000} minutes. Wait ${wait}, then try again.`,
    { retryAfterSeconds },
    { "Retry-After": String(retryAfterSeconds) },
  );
}

/**
 * Counts a connection test by `user` of `systemId`, or throws THROTTLED (429, Retry-After)
 * when either is over its limit. Called before anything reaches the storage system.
 */
export async function limitConnectionTests(
  db: Db,
  input: {
    /** The user's id (or, for an actor without one, a name of it). */
    user: string;
    systemId: string;
  },
): Promise<void> {
  const at = clockNow();
  const limits = [
    { key: `user:${input.user}`, limit: CONNECTION_TESTS_PER_USER, what: "you" as const },
    { key: `system:${input.systemId}`, limit: CONNECTION_TESTS_PER_SYSTEM, what: "this system" as const },
  ];
  for (const { key, limit, what } of limits) {
    const { attempts, windowStartedAt } = await countAttempt(db, key, at, CONNECTION_TEST_WINDOW_MS);
    if (attempts <= limit) continue;
    const retryAfterMs = windowStartedAt + CONNECTION_TEST_WINDOW_MS - at.getTime();
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    logger.warn(
      {
        event: "system.connection_test_throttled",
        key: what === "you" ? "user" : "system",
        ...input,
        retryAfterSeconds,
      },
      "too many connection tests",
    );
    throw throttled(what, limit, retryAfterSeconds);
  }
}
