import { cpSync } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";

import { backupInput } from "@/lib/backups/test-support";
import type { Simulator } from "@/lib/simulator/types";
import { addPortalUser, signInCookie, type PortalAccount } from "@/lib/test-support/portal-process";

/*
 * Helpers for the crash and shutdown tests (lib/backups/*.rel.test.ts), which back up through the
 * production portal running as a child process. Nothing in the portal imports this file.
 */

/** A data folder holding an admin and an operator, made once with the CLI and copied per portal. */
export interface DataTemplate {
  dir: string;
  admin: PortalAccount;
  operator: PortalAccount;
}

export async function makeDataTemplate(root: string): Promise<DataTemplate> {
  const dir = path.join(root, "template");
  const admin = await addPortalUser(dir, "admin");
  const operator = await addPortalUser(dir, "operator");
  return { dir, admin, operator };
}

/** A fresh copy of the template (modes kept: the portal refuses a database file others can read). */
export function copyDataDir(template: DataTemplate, root: string, name: string): string {
  const dir = path.join(root, name);
  cpSync(template.dir, dir, { recursive: true });
  return dir;
}

export interface Answer {
  status: number;
  headers: IncomingMessage["headers"];
  json: unknown;
}

/** One JSON call to the portal, as a same-origin browser would send it. */
export function api(url: string, cookie: string, method: string, route: string, json?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const req = httpRequest(`${url}${route}`, {
      method,
      headers: { Cookie: cookie, Origin: url, ...(body ? { "Content-Type": "application/json" } : {}) },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          json: text ? (JSON.parse(text) as unknown) : null,
        });
      });
    });
    req.end(body);
  });
}

/** Signs both accounts in and registers the simulated system at `baseUrl`, pinning its certificate. */
export async function registerThroughPortal(
  url: string,
  template: DataTemplate,
  sim: Simulator,
  baseUrl: string,
): Promise<{ systemId: string; operatorCookie: string }> {
  const adminCookie = await signInCookie(url, template.admin);
  const registered = await api(url, adminCookie, "POST", "/api/systems", {
    name: "E990 reliability",
    baseUrl,
    trust: { sha256Fingerprint: sim.sha256Fingerprint },
  });
  if (registered.status !== 201) throw new Error(`registration failed: ${JSON.stringify(registered)}`);
  const systemId = (registered.json as { system: { id: string } }).system.id;
  return { systemId, operatorCookie: await signInCookie(url, template.operator) };
}

export interface BackupCall {
  /** The answer's head, or the error that ended the request before one came. */
  response: Promise<IncomingMessage | Error>;
  /** Body bytes received so far. */
  received(): number;
  /** Once the answer has ended or broken off: every byte, and whether it ended as a complete message. */
  done: Promise<{ body: Buffer; complete: boolean }>;
}

/** Starts a backup as the operator; the body is read as it comes. */
export function postBackup(url: string, cookie: string, systemId: string): BackupCall {
  const body = JSON.stringify(backupInput());
  const chunks: Buffer[] = [];
  let received = 0;
  let resolveDone!: (value: { body: Buffer; complete: boolean }) => void;
  const done = new Promise<{ body: Buffer; complete: boolean }>((resolve) => (resolveDone = resolve));
  const finish = (complete: boolean) => resolveDone({ body: Buffer.concat(chunks), complete });
  const response = new Promise<IncomingMessage | Error>((resolve) => {
    const req = httpRequest(`${url}/api/systems/${systemId}/backups`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: url, "Content-Type": "application/json" },
    });
    req.on("error", (error) => {
      resolve(error);
      finish(false);
    });
    req.on("response", (res) => {
      resolve(res);
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
      });
      res.on("error", () => {});
      res.on("close", () => finish(res.complete));
    });
    req.end(body);
  });
  return { response, received: () => received, done };
}

export interface BackupRow {
  id: string;
  status: string;
  error_code: string | null;
  bytes: number | null;
  sha256: string | null;
}

/** What the portal's SQLite file holds, read-only, once no portal has it open. */
export function readDatabase(dataDir: string): {
  integrity: unknown;
  backups: BackupRow[];
  audit: { action: string; actor: string | null; detail: string | null }[];
} {
  const db = new Database(path.join(dataDir, "portal.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.pragma("integrity_check", { simple: true }),
      backups: db
        .prepare("select id, status, error_code, bytes, sha256 from backups order by started_at, id")
        .all() as BackupRow[],
      audit: db
        .prepare("select action, actor, detail from audit_events where action like 'backup.%' order by at, id")
        .all() as { action: string; actor: string | null; detail: string | null }[],
    };
  } finally {
    db.close();
  }
}

/** Polls until `check` returns something other than undefined or false. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A TCP relay in front of the simulator (TLS passes through it untouched). While `hold` is set,
 * it accepts connections and sends nothing on, so the portal waits before its first storage call.
 */
export class TcpRelay {
  hold = false;
  /** Connections accepted while holding. */
  held = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(targetPort: number): Promise<TcpRelay> {
    const server = net.createServer();
    const relay = new TcpRelay(server);
    server.on("connection", (socket) => {
      relay.sockets.add(socket);
      socket.on("close", () => relay.sockets.delete(socket));
      socket.on("error", () => {});
      if (relay.hold) {
        relay.held++;
        return;
      }
      const upstream = net.connect(targetPort, "127.0.0.1");
      relay.sockets.add(upstream);
      upstream.on("close", () => relay.sockets.delete(upstream));
      upstream.on("error", () => socket.destroy());
      socket.on("close", () => upstream.destroy());
      upstream.on("close", () => socket.destroy());
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return relay;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
