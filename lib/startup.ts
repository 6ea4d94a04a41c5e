import "server-only";

import { announceSetupAtStart } from "@/lib/auth/setup";
import { recoverInterruptedBackups } from "@/lib/backups/recover-interrupted";
import { installShutdownHandlers } from "@/lib/backups/shutdown";
import { getDb } from "@/lib/db/connection";
import { assertEnv, resolveSessionSecret } from "@/lib/env";
import { errorMessage } from "@/lib/errors/error-message";
import { logger } from "@/lib/log";

/**
 * Runs once when the portal's server starts (instrumentation.ts). A bad setting or an unusable
 * database stops the start with one clear line rather than failing on the first request. From
 * here on, SIGTERM and SIGINT drain the running backups before the process exits.
 */
export async function startPortal(): Promise<void> {
  const env = assertEnv();
  // SIGTERM / SIGINT: no new backups, the running ones drained within the grace period, then exit.
  installShutdownHandlers({ graceMs: env.shutdownGraceSeconds * 1000 });
  try {
    resolveSessionSecret(env);
    const db = await getDb();
    await recoverInterruptedBackups(db);
  } catch (error) {
    console.error(`The portal cannot start: ${errorMessage(error)}`);
    process.exit(1);
  }
  logger.info({ event: "portal.started", database: env.database.kind }, "portal started");
  await announceSetupAtStart();
}
