/**
 * Runs once when a Next.js server starts. On the Node.js runtime: check the configuration, open
 * and migrate the database, mark backups a crash left running as interrupted, and if no user
 * exists yet, print the one-time link that creates the first admin, and take SIGTERM / SIGINT so
 * running backups are drained before the process exits (lib/startup.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startPortal } = await import("./lib/startup");
  await startPortal();
}
