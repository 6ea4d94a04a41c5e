// The set-up `npm run demo` and `npm run bench` share: simulated storage systems in this process,
// registered in a portal on a fresh SQLite file, and the production portal started on them.
import "server-only";

import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";

import { userActor, type Actor } from "@/lib/actor";
import type { Db } from "@/lib/db/connection";
import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemConfig, SimSystemInfo, Simulator } from "@/lib/simulator/types";
import { userWithRoles } from "@/lib/simulator/users";

import { readablePassword } from "./password";

export interface LabOptions {
  /** Wiped and made afresh: the SQLite file and the simulator's state go there. */
  dataDir: string;
  /** Each system under the name it is registered with in the portal. */
  systems: readonly { name: string; config: SimSystemConfig }[];
  /** The admin made for this run, e.g. "demo-admin". */
  adminUsername: string;
  /** Who made it, as the audit log records it, e.g. "demo". */
  via: string;
  /** Runs on the portal's database once the systems are registered, as the admin made for this run. */
  afterRegister?: (context: LabContext) => Promise<void>;
  /** LOG_LEVEL in this process during the set-up; default "warn". */
  setupLogLevel?: string;
}

export interface LabContext {
  db: Db;
  actor: Actor;
  simulator: Simulator;
  systems: readonly LabSystem[];
}

export interface LabSystem {
  /** The portal's id of the registered system. */
  id: string;
  name: string;
  simulated: SimSystemInfo;
}

export interface Lab {
  dataDir: string;
  simulator: Simulator;
  systems: LabSystem[];
  admin: { username: string; password: string };
  /** LOG_LEVEL as it was before the set-up quietened it. */
  portalLogLevel: string | undefined;
}

/**
 * Starts the simulator and registers its systems (certificates pinned, connections tested) in a
 * portal database on a fresh data folder. Leaves PORTAL_DATA_DIR pointing at it, DATABASE_URL
 * unset and LOG_LEVEL at `setupLogLevel` ("warn") in this process.
 */
export async function prepareLab(options: LabOptions): Promise<Lab> {
  const { dataDir } = options;
  // A fresh database each run; only the caller's own folder is wiped.
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  process.env.PORTAL_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  // The set-up below would log an audit line per step; the portal itself logs at the usual level.
  const portalLogLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = options.setupLogLevel ?? "warn";

  const simulator = await startSimulator({
    systems: options.systems.map((system) => system.config),
    stateDir: join(dataDir, "simulator"),
  });

  // Imported only now: configuration is read on first use, after the settings above.
  const { getDb } = await import("@/lib/db/connection");
  const { createUser } = await import("@/lib/auth/create-user");
  const { registerSystem } = await import("@/lib/systems/register-system");
  const { testConnection } = await import("@/lib/systems/test-connection");

  const db = await getDb();
  const username = options.adminUsername;
  // Read off a terminal and typed by hand: no look-alike characters.
  const password = readablePassword();
  const user = await createUser({
    db,
    actor: { id: null, username: options.via, role: "admin", clientIp: null },
    input: { username, role: "admin", password },
    auditDetail: { via: options.via },
  });
  const actor = userActor(user, null);
  const systems: LabSystem[] = [];
  for (const [index, system] of simulator.systems.entries()) {
    const name = options.systems[index]!.name;
    const registered = await registerSystem({
      db,
      actor,
      input: {
        name,
        baseUrl: system.baseUrl,
        trust: { sha256Fingerprint: simulator.sha256Fingerprint },
      },
    });
    const admin = userWithRoles(system, "storage-admin-view", "security-admin-modify");
    await testConnection({
      db,
      actor,
      systemId: registered.id,
      input: { storageUsername: admin.username, storagePassword: admin.password },
    });
    systems.push({ id: registered.id, name, simulated: system });
  }
  try {
    await options.afterRegister?.({ db, actor, simulator, systems });
  } finally {
    await db.destroy();
  }
  return { dataDir, simulator, systems, admin: { username, password }, portalLogLevel };
}

/** `next start` (the production build) on the lab's data folder. */
export function startPortal(
  lab: Lab,
  options: { host: string; port: number; logLevel?: string; stdio: StdioOptions },
): ChildProcess {
  const { host, port } = options;
  return spawn(join("node_modules", ".bin", "next"), ["start", "-H", host, "-p", String(port)], {
    stdio: options.stdio,
    env: {
      ...process.env,
      LOG_LEVEL: options.logLevel ?? lab.portalLogLevel ?? "info",
      PORTAL_DATA_DIR: lab.dataDir,
      PORTAL_PUBLIC_URL: `http://${host}:${port}`,
    },
  });
}
