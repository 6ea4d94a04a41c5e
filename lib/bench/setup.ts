// What the benchmark runs on: simulated storage systems in this process, registered in a portal
// database (a SQLite file, or a PostgreSQL database made afresh), and an admin to sign in with.
import "server-only";

import { randomBytes } from "node:crypto";
import pg from "pg";

import { userActor } from "@/lib/actor";
import { createUser } from "@/lib/auth/create-user";
import type { Db } from "@/lib/db/connection";
import { migrateToLatest } from "@/lib/db/migrate";
import { buildKeyFile } from "@/lib/simulator/backup-file";
import { DEFAULT_SYSTEMS } from "@/lib/simulator/default-systems";
import { startSimulator } from "@/lib/simulator/server";
import { storageDeviceIdFor } from "@/lib/simulator/storage-device-id";
import type { SimSystemConfig, SimSystemInfo, Simulator } from "@/lib/simulator/types";
import { userWithRoles } from "@/lib/simulator/users";
import { registerSystem } from "@/lib/systems/register-system";

import { MIB } from "./stats";
import { BenchFailure } from "./transfer";

export const BACKUP_PASSWORD = "Bench-Backup-Pass1";
const KEY_COUNT = 32;
export const KEY_FILE_BYTES = 64 * 1024;

/** A simulated system as one portal database knows it. */
export interface BenchSystem {
  /** The portal's id, which differs from one database to another. */
  id: string;
  simulated: SimSystemInfo;
}

export interface BenchLab {
  simulator: Simulator;
  /** 64 KiB key file (latency). */
  normal: SimSystemInfo;
  /** 1 MiB key file (the memory baseline). */
  small: SimSystemInfo;
  /** --big-mib key file (throughput and memory). */
  large: SimSystemInfo;
  /** The systems of the fleet load, 64 KiB key files. */
  fleet: SimSystemInfo[];
}

/**
 * The padding that makes the key file of a system with KEY_COUNT keys `bytes` long: the file is
 * the simulator's fixed framing, a JSON record of the keys, then the padding. Keys differ from one
 * system to another only in material of a fixed length, so one probe build tells the record's size.
 */
function paddingFor(config: SimSystemConfig, bytes: number): number {
  const dek = Math.ceil((KEY_COUNT * 3) / 4);
  const keys = Array.from({ length: KEY_COUNT }, (_, keyId) => ({
    keyId,
    keyType: keyId < dek ? ("DEK" as const) : ("FREE" as const),
    createdTime: "2024-01-01T00:00:00Z",
  }));
  const storageDeviceId = storageDeviceIdFor(config.model, config.serialNumber);
  return Math.max(0, bytes - buildKeyFile({ storageDeviceId, keys }, BACKUP_PASSWORD).length);
}

function system(serialNumber: number, bytes: number): SimSystemConfig {
  const config = { ...DEFAULT_SYSTEMS[0]!, serialNumber, keyCount: KEY_COUNT };
  return { ...config, backupPaddingBytes: paddingFor(config, bytes) };
}

/** The simulator with the latency, memory and throughput systems, then `fleetSize` more. */
export async function startLab(options: { bigMiB: number; fleetSize: number; stateDir: string }): Promise<BenchLab> {
  const configs = [
    system(400_001, KEY_FILE_BYTES),
    system(400_002, MIB),
    system(400_003, options.bigMiB * MIB),
    ...Array.from({ length: options.fleetSize }, (_, index) => system(410_001 + index, KEY_FILE_BYTES)),
  ];
  const simulator = await startSimulator({ systems: configs, stateDir: options.stateDir, serverForm: false });
  const [normal, small, large, ...fleet] = simulator.systems as [SimSystemInfo, SimSystemInfo, SimSystemInfo];
  return { simulator, normal, small, large, fleet };
}

export function storageAdmin(system: SimSystemInfo): { username: string; password: string } {
  const user = userWithRoles(system, "storage-admin-view", "security-admin-modify");
  return { username: user.username, password: user.password };
}

export interface Registered {
  admin: { username: string; password: string };
  /** The portal's view of a simulated system. */
  system(simulated: SimSystemInfo): BenchSystem;
}

/**
 * Migrates `db`, makes an admin and registers every system of the simulator, certificate pinned,
 * as an admin would through the portal. Their connections are not tested (the portal allows an
 * admin 10 tests in 10 minutes): a backup reads the array's identity all the same.
 */
export async function registerLab(db: Db, simulator: Simulator): Promise<Registered> {
  await migrateToLatest(db);
  const admin = { username: "bench-admin", password: randomBytes(18).toString("base64url") };
  const user = await createUser({
    db,
    actor: { id: null, username: "bench", role: "admin", clientIp: null },
    input: { username: admin.username, role: "admin", password: admin.password },
    auditDetail: { via: "bench" },
  });
  const actor = userActor(user, null);
  const ids = new Map<string, string>();
  for (const simulated of simulator.systems) {
    const registered = await registerSystem({
      db,
      actor,
      input: {
        name: `${simulated.model} ${simulated.serialNumber}`,
        baseUrl: simulated.baseUrl,
        trust: { sha256Fingerprint: simulator.sha256Fingerprint },
      },
    });
    ids.set(simulated.storageDeviceId, registered.id);
  }
  return {
    admin,
    system(simulated) {
      const id = ids.get(simulated.storageDeviceId);
      if (id === undefined) throw new BenchFailure(`system ${simulated.storageDeviceId} is not registered`);
      return { id, simulated };
    },
  };
}

/** The database name of a postgres:// URL, checked to be a plain identifier. */
function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new BenchFailure(`--pg must name a database in lower-case letters, digits and _, got "${name}"`);
  }
  return name;
}

/** Runs one statement on the server's `postgres` database (never on the one it drops). */
async function onMaintenanceDb(url: string, statement: string): Promise<void> {
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const client = new pg.Client({ connectionString: maintenance.href });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Drops the bench's database (with any connection left to it) and makes it empty again. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await onMaintenanceDb(url, `drop database if exists ${name} with (force)`);
  await onMaintenanceDb(url, `create database ${name}`);
}

export async function dropDatabase(url: string): Promise<void> {
  await onMaintenanceDb(url, `drop database if exists ${databaseName(url)} with (force)`);
}
