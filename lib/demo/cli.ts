// Entry point of `npm run demo` (after `next build`): the simulated storage systems and the portal
// on a fresh SQLite file, with the systems registered and a demo admin made for this run.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DEFAULT_SYSTEMS } from "@/lib/simulator/default-systems";
import { startSimulator } from "@/lib/simulator/server";

const dataDir = resolve(process.env.DEMO_DATA_DIR ?? "data/demo");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.DEMO_HOST ?? "127.0.0.1";

async function main(): Promise<void> {
  // A fresh database each run; only the demo's own folder is wiped.
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  process.env.PORTAL_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  // The set-up below would log an audit line per step; the portal itself logs at the usual level.
  const portalLogLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "warn";

  const simulator = await startSimulator({ systems: [...DEFAULT_SYSTEMS], stateDir: join(dataDir, "simulator") });

  // Imported only now: configuration is read on first use, after the settings above.
  const { getDb } = await import("@/lib/db/connection");
  const { createUser } = await import("@/lib/auth/create-user");
  const { registerSystem } = await import("@/lib/systems/register-system");
  const { testConnection } = await import("@/lib/systems/test-connection");

  const db = await getDb();
  const username = "demo-admin";
  const password = randomBytes(18).toString("base64url");
  const user = await createUser(db, { username, role: "admin", password }, { actor: { id: null, username: "demo" }, auditDetail: { via: "demo" } });
  const actor = { id: user.id, username: user.username, role: user.role };
  for (const system of simulator.systems) {
    const registered = await registerSystem(db, actor, {
      name: `${system.model} lab`,
      baseUrl: system.baseUrl,
      trust: { sha256Fingerprint: simulator.sha256Fingerprint },
    });
    const admin = system.users.find((candidate) => candidate.role === "security-admin-modify")!;
    await testConnection(db, actor, registered.id, { storageUsername: admin.username, storagePassword: admin.password });
  }
  await db.destroy();

  const portal = spawn(join("node_modules", ".bin", "next"), ["start", "-H", host, "-p", String(port)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, LOG_LEVEL: portalLogLevel ?? "info", PORTAL_DATA_DIR: dataDir, PORTAL_PUBLIC_URL: `http://${host}:${port}` },
  });

  const users = simulator.systems[0]!.users;
  console.log(`
Key-backup portal demo
  Portal        http://${host}:${port}
  Sign in as    ${username} / ${password}   (made for this run)
  Data folder   ${dataDir}

Simulated storage systems (registered, certificates pinned):
${simulator.systems
  .map((system) => `  ${`${system.model} lab`.padEnd(14)} serial ${system.serialNumber}  ${system.baseUrl}  microcode ${system.microcode}`)
  .join("\n")}
  Storage users on each: ${users.map((u) => `${u.username} / ${u.password} (${u.role})`).join(", ")}
  The VSP G370's microcode predates the key-backup function: it answers a backup with 412.

Press Ctrl+C to stop.
`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    portal.kill("SIGTERM");
    await simulator.close();
    process.exit(code);
  };
  portal.on("exit", (code) => void stop(code ?? 0));
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
