import "server-only";

import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";
import { Agent, fetch } from "undici";
import { expect } from "vitest";

import { dialectOf, type Db } from "@/lib/db/connection";
import { insertSystem, type StorageSystem } from "@/lib/db/storage-systems";
import type { BackupPasswordPolicy } from "@/lib/schemas/backup-password";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";

/*
 * Helpers for the lib/backups tests. Nothing in the portal imports this file.
 */

export const STORAGE_ADMIN = { username: "secadmin", password: "Sim-Modify-Pass1" };
export const STORAGE_VIEWER = { username: "secviewer", password: "Sim-View-Pass1" };
export const BACKUP_PASSWORD = "Backup-Pass-42!";

export function backupInput(credentials = STORAGE_ADMIN, backupPassword = BACKUP_PASSWORD) {
  return {
    storageUsername: credentials.username,
    storagePassword: credentials.password,
    backupPassword,
    backupPasswordConfirmation: backupPassword,
  };
}

/** Registers a simulated system in the portal, trusting (pinning) the simulator's certificate. */
export async function registerSimSystem(
  db: Db,
  sim: Simulator,
  system: SimSystemInfo,
  extra: {
    name?: string;
    baseUrl?: string;
    passwordPolicy?: BackupPasswordPolicy;
    pin?: { sha256Fingerprint: string; certificatePem: string };
  } = {},
): Promise<StorageSystem> {
  return insertSystem(db, {
    name: extra.name ?? `${system.model} ${system.serialNumber}`,
    baseUrl: extra.baseUrl ?? system.baseUrl,
    trustKind: "pin",
    pinnedFingerprint: extra.pin?.sha256Fingerprint ?? sim.sha256Fingerprint,
    pinnedCertificatePem: extra.pin?.certificatePem ?? sim.certificatePem,
    passwordPolicy: extra.passwordPolicy,
  });
}

/** A certificate that is not the simulator's, to pin by mistake. */
export async function otherCertificate(): Promise<{ sha256Fingerprint: string; certificatePem: string }> {
  const pem = (
    await generate([{ name: "commonName", value: "not-the-simulator" }], { keyType: "ec", algorithm: "sha256" })
  ).cert;
  return { sha256Fingerprint: new X509Certificate(pem).fingerprint256, certificatePem: pem };
}

export { closedPort, expectAppError } from "@/lib/test-support/assertions";

/** Reads a stream to its end, reporting how far it got if it failed. */
export async function drain(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; error?: unknown }> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks) };
      chunks.push(value);
    }
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

/**
 * Holds a REST API lock on a simulated system through a session of its own, the way another
 * tool would, until `release` discards that session.
 */
export async function holdLock(
  sim: Simulator,
  system: SimSystemInfo,
  user = STORAGE_ADMIN,
): Promise<{ release(): Promise<void> }> {
  const agent = new Agent({ connect: { ca: sim.certificatePem } });
  const basic = Buffer.from(`${user.username}:${user.password}`).toString("base64");
  const login = await fetch(`${system.baseUrl}/v1/objects/sessions`, {
    method: "POST",
    headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/json" },
    body: "{}",
    dispatcher: agent,
  });
  const { token, sessionId } = (await login.json()) as { token: string; sessionId: number };
  const lock = await fetch(`${system.baseUrl}/v1/services/resource-group-service/actions/lock/invoke`, {
    method: "POST",
    headers: { Authorization: `Session ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ parameters: { waitTime: 0 } }),
    dispatcher: agent,
  });
  await lock.body?.cancel();
  if (lock.status >= 300) throw new Error(`lock failed: ${lock.status}`);
  return {
    async release() {
      const response = await fetch(`${system.baseUrl}/v1/objects/sessions/${sessionId}`, {
        method: "DELETE",
        headers: { Authorization: `Session ${token}` },
        dispatcher: agent,
      });
      await response.body?.cancel();
      await agent.close();
    },
  };
}

/** Every row of every table, as one string to search for something that must never be stored. */
export async function everythingStored(db: Db, postgresSchema?: string): Promise<string> {
  // PostgreSQL lists the tables of every schema; other test files' copies are not ours to read.
  const tables = (await db.introspection.getTables())
    .filter((table) => dialectOf(db) === "sqlite" || table.schema === postgresSchema)
    .map((table) => table.name);
  expect(tables).toContain("backups");
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    dump[table] = await db
      .selectFrom(table as "backups")
      .selectAll()
      .execute();
  }
  return JSON.stringify(dump);
}

export async function auditActions(db: Db, backupId: string) {
  const rows = await db.selectFrom("audit_events").selectAll().orderBy("at").orderBy("id").execute();
  return rows
    .filter((row) => row.detail !== null && (JSON.parse(row.detail) as { backupId?: string }).backupId === backupId)
    .map((row) => ({
      action: row.action,
      outcome: row.outcome,
      actor: row.actor,
      detail: JSON.parse(row.detail!) as Record<string, unknown>,
    }));
}
