import "server-only";

import { announceSetupAtStart } from "@/lib/auth/setup";
import { recoverInterruptedBackups } from "@/lib/backups/recover-interrupted";
import { getDb } from "@/lib/db/connection";
import { assertEnv, resolveSessionSecret } from "@/lib/env";
import { errorMessage } from "@/lib/errors/error-message";
import { logger } from "@/lib/log";

/**
 * Runs once when the portal's server starts (instrumentation.ts). A bad setting or an unusable
 * database stops the start with one clear line rather than failing on the first request.
 */
export async function startPortal(): Promise<void> {
  const env = assertEnv();
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
