import "server-only";

import { connect as tlsConnect } from "node:tls";
import { Agent, fetch, type Response } from "undici";

import { startSimulator } from "./server";
import type { SimSystemConfig, Simulator, SimulatorOptions } from "./types";

/** A clock the test moves by hand, so session expiry needs no sleeping. */
export class ManualClock {
  constructor(public ms = Date.now()) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const E990: SimSystemConfig = { model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" };
/** A system set to refuse the key backup with 412 (its microcode string predicts nothing). */
export const G370_OLD: SimSystemConfig = {
  model: "VSP G370",
  serialNumber: 441108,
  microcode: "88-06-02-00/00",
  refusesKeyBackup: true,
};
export const B26: SimSystemConfig = { model: "VSP One B26", serialNumber: 812345, microcode: "A3-04-21-40/00" };

/** storage-admin-view + security-admin-modify: can back up. */
export const MODIFY = { username: "secadmin", password: "Sim-Modify-Pass1" };
/** storage-admin-view + security-admin-view: can list keys. */
export const VIEW = { username: "secviewer", password: "Sim-View-Pass1" };
/** storage-admin-view only. */
export const NONE = { username: "monitor", password: "Sim-None-Pass1" };
/** security-admin-modify without a storage role: cannot create a session. */
export const KEYADMIN = { username: "keyadmin", password: "Sim-Key-Pass1" };

export interface RequestOptions {
  token?: string;
  basic?: { username: string; password: string };
  json?: unknown;
  headers?: Record<string, string>;
}

/** A small client for one base URL, trusting the simulator's certificate (never skipping verification). */
export class TestClient {
  constructor(
    readonly baseUrl: string,
    private readonly agent: Agent,
    /** Turns an embedded-form path into the one this listener wants. */
    private readonly mapPath: (path: string) => string = (path) => path,
  ) {}

  request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Session ${options.token}`;
    if (options.basic) {
      headers.Authorization = `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString("base64")}`;
    }
    let body: string | undefined;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    return fetch(`${this.baseUrl}${this.mapPath(path)}`, {
      method,
      headers,
      body,
      dispatcher: this.agent,
      redirect: "manual",
    });
  }

  async login(user = MODIFY, body?: unknown): Promise<{ token: string; sessionId: number }> {
    const response = await this.request("POST", "/v1/objects/sessions", { basic: user, json: body });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { token: string; sessionId: number };
  }

  backup(token: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request("POST", "/v1/objects/encryption-keys/file/actions/backup/invoke", {
      token,
      json: { parameters: { password } },
      headers: { Accept: "application/octet-stream", ...headers },
    });
  }
}

/** The server form: objects under v1/objects/storages/{storageDeviceId}, services under v1/{storageDeviceId}/services. */
export function serverFormPath(storageDeviceId: string, path: string): string {
  const storage = `/v1/objects/storages/${storageDeviceId}`;
  if (path === "/v1/objects/storages/instance") return storage;
  if (path.startsWith("/v1/objects/")) return storage + path.slice("/v1/objects".length);
  if (path.startsWith("/v1/services/")) return `/v1/${storageDeviceId}${path.slice("/v1".length)}`;
  return path;
}

export interface TestSimulator {
  sim: Simulator;
  clock: ManualClock;
  agent: Agent;
  /** Client for the embedded listener of system `index`, of its controller `ctl` (0: CTL1). */
  client(index?: number, ctl?: number): TestClient;
  serverForm(storageDeviceId: string): TestClient;
  close(): Promise<void>;
}

export async function startTestSimulator(
  systems: SimSystemConfig[] = [E990, G370_OLD],
  options: Partial<SimulatorOptions> = {},
): Promise<TestSimulator> {
  const clock = new ManualClock();
  const sim = await startSimulator({ systems, now: clock.now, ...options });
  const agent = new Agent({ connect: { ca: sim.certificatePem } });
  return {
    sim,
    clock,
    agent,
    client(index = 0, ctl = 0) {
      const baseUrl = sim.systems[index]?.controllerBaseUrls[ctl];
      if (!baseUrl) throw new Error(`no system ${index} controller ${ctl}`);
      return new TestClient(baseUrl, agent);
    },
    serverForm(storageDeviceId) {
      if (!sim.serverFormBaseUrl) throw new Error("no server form");
      return new TestClient(sim.serverFormBaseUrl, agent, (path) => serverFormPath(storageDeviceId, path));
    },
    async close() {
      await sim.close();
      await agent.close();
    },
  };
}

/** Reads a body chunk by chunk, reporting how far it got before it failed. */
export async function readAll(response: Response): Promise<{ bytes: Buffer; error?: unknown }> {
  const chunks: Buffer[] = [];
  if (!response.body) return { bytes: Buffer.alloc(0) };
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
    }
    return { bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

export function errorCause(error: unknown): string | undefined {
  let current: unknown = error;
  while (current instanceof Error) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = current.cause;
  }
  return undefined;
}

/** A response as the bytes on the wire: status line and headers as sent, and every body byte until the server closes. */
export interface RawResponse {
  head: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Whether the connection ended with a clean close (no error). */
  cleanClose: boolean;
}

/** Sends one HTTP/1.1 request over TLS and reads until the server closes; no HTTP parser in between. */
export function rawRequest(
  url: string,
  ca: string,
  request: { method: string; headers: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: target.hostname, port: Number(target.port), ca, servername: "localhost" });
    const chunks: Buffer[] = [];
    let failed = false;
    socket.on("secureConnect", () => {
      const body = request.body ?? "";
      const lines = [`${request.method} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
      for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
      lines.push(`Content-Length: ${Buffer.byteLength(body)}`, "Connection: close");
      socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error) => {
      failed = true;
      if (chunks.length === 0) reject(error);
    });
    socket.on("close", () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf("\r\n\r\n");
      const head = all.subarray(0, split < 0 ? all.length : split).toString("latin1");
      const headers: Record<string, string> = {};
      for (const line of head.split("\r\n").slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ head, headers, body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4), cleanClose: !failed });
    });
  });
}
