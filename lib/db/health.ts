import "server-only";

import { sql } from "kysely";

import { logger } from "../log";
import type { Db } from "./connection";

export const HEALTH_TIMEOUT_MS = 3000;

/**
 * Whether the database answers a trivial query within `timeoutMs`. `db` is a function so that
 * failing to open or migrate the database counts as unreachable too. The cause is logged, never
 * returned: the health answer is public.
 */
export async function databaseReachable(db: () => Promise<Db>, timeoutMs = HEALTH_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([(async () => sql`select 1 as ok`.execute(await db()))(), timeout]);
    return true;
  } catch (error) {
    logger.warn(
      { event: "health.database", err: { message: error instanceof Error ? error.message : String(error) } },
      "the database did not answer the health check",
    );
    return false;
  } finally {
    clearTimeout(timer);
  }
}
