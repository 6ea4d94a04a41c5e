import "server-only";

import { randomUUID, X509Certificate } from "node:crypto";
import {
  createServer as createNetServer,
  connect as netConnect,
  type Server as NetServer,
  type Socket,
} from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { generate } from "selfsigned";

import type { Actor } from "@/lib/actor";
import type { Db } from "@/lib/db/connection";
import type { Role } from "@/lib/schemas/role";
import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemConfig, Simulator } from "@/lib/simulator/types";

/*
 * Helpers for the lib/systems tests. Nothing in the portal imports this file.
 */

export function testActor(role: Role, username = `${role}-${randomUUID().slice(0, 8)}`): Actor {
  return { id: randomUUID(), username, role, clientIp: "192.0.2.7" };
}

export { expectAppError } from "@/lib/test-support/assertions";

/** Every row of the tables a secret could leak into, as one string to search. */
export async function everythingStored(db: Db): Promise<string> {
  const systems = await db.selectFrom("storage_systems").selectAll().execute();
  const audit = await db.selectFrom("audit_events").selectAll().execute();
  return JSON.stringify({ systems, audit });
}

export async function auditActions(db: Db, targetId?: string) {
  let query = db.selectFrom("audit_events").selectAll().orderBy("at").orderBy("id");
  if (targetId !== undefined) query = query.where("target_id", "=", targetId);
  const rows = await query.execute();
  return rows.map((row) => ({
    at: row.at,
    action: row.action,
    outcome: row.outcome,
    actor: row.actor,
    targetId: row.target_id,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
  }));
}

function closeServer(server: NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface CaFrontedSimulator {
  /** The plain-HTTP simulator behind the TLS front. */
  sim: Simulator;
  /** https://127.0.0.1:PORT/ConfigurationManager, served with a certificate the test CA issued. */
  baseUrl: string;
  caCertificatePem: string;
  leafCertificatePem: string;
  leafFingerprint: string;
  close(): Promise<void>;
}

/**
 * A simulated system behind a certificate issued by a CA, as an array with an internal-CA
 * certificate looks: a TLS front with the CA-issued certificate, relaying bytes to a plain-HTTP
 * simulator.
 */
export async function startCaFrontedSimulator(system: SimSystemConfig): Promise<CaFrontedSimulator> {
  const ca = await generate([{ name: "commonName", value: "Key Backup Test CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: "commonName", value: "array.test" }], {
    keyType: "ec",
    algorithm: "sha256",
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  });
  const sim = await startSimulator({ systems: [system], tls: false, serverForm: false });
  const backend = new URL(sim.systems[0]!.baseUrl);
  const sockets = new Set<Socket>();
  const front = createTlsServer({ cert: leaf.cert, key: leaf.private }, (client) => {
    const upstream = netConnect(Number(backend.port), backend.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const { port } = front.address() as { port: number };
  return {
    sim,
    baseUrl: `https://127.0.0.1:${port}/ConfigurationManager`,
    caCertificatePem: ca.cert,
    leafCertificatePem: leaf.cert,
    leafFingerprint: new X509Certificate(leaf.cert).fingerprint256,
    async close() {
      for (const socket of sockets) socket.destroy();
      await closeServer(front);
      await sim.close();
    },
  };
}

/** A TCP listener that accepts and never answers, or answers with plain HTTP; records what it got. */
export async function startRawServer(
  mode: "silent" | "http",
): Promise<{ port: number; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      received += chunk.length;
      if (mode === "http") socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    received: () => received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}
