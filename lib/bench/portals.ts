// The portals under test: `next start` on the built .next, as child processes, each stopped on
// every way out of the benchmark, its output kept in a log file.
import "server-only";

import { randomBytes } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

import { startPortalProcess, type PortalProcess } from "@/lib/test-support/portal-process";

import { BenchFailure } from "./transfer";

const HOST = "127.0.0.1";
const START_MS = 90_000;
const STOP_MS = 10_000;

/** Binds `port` (0: any) and lets it go; refuses a port something listens on, whose figures would be some other server's. */
function claimPort(port: number): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once("error", () => reject(new BenchFailure(`port ${port} on ${HOST} is in use; pick another with --port`)));
    server.listen(port, HOST, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** `count` ports from `first` on, each checked to be free; with 0, ones the system picks. */
export async function portalPorts(first: number, count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let index = 0; index < count; index++) ports.push(await claimPort(first === 0 ? 0 : first + index));
  return ports;
}

interface Started {
  name: string;
  portal: PortalProcess;
  log: string;
}

const running = new Set<Started>();

/** One SESSION_SECRET for the run, so a cookie from one instance is good on the others. */
const SESSION_SECRET = randomBytes(36).toString("base64url");

export interface PortalSpec {
  name: string;
  port: number;
  dataDir: string;
  /** A PostgreSQL URL; without one, the SQLite file in dataDir. */
  databaseUrl?: string;
}

/** Starts one portal and waits until /api/health answers; its output goes to `<dataDir>/<name>.log`. */
export async function startBenchPortal(spec: PortalSpec): Promise<PortalProcess> {
  await mkdir(spec.dataDir, { recursive: true, mode: 0o700 });
  const portal = await startPortalProcess({
    port: spec.port,
    dataDir: spec.dataDir,
    readyTimeoutMs: START_MS,
    env: {
      // At "warn": the log then holds only what went wrong, and the portal spends no time on info lines.
      LOG_LEVEL: "warn",
      // Blank counts as unset: the SQLite file in the data folder.
      DATABASE_URL: spec.databaseUrl ?? "",
      SESSION_SECRET,
    },
  });
  running.add({ name: spec.name, portal, log: join(spec.dataDir, `${spec.name}.log`) });
  return portal;
}

async function stop({ name, portal, log }: Started): Promise<void> {
  const force = setTimeout(() => portal.child.kill("SIGKILL"), STOP_MS);
  try {
    await portal.stop("SIGTERM");
  } finally {
    clearTimeout(force);
    await appendFile(log, `--- ${name} stdout\n${portal.stdout()}\n--- ${name} stderr\n${portal.stderr()}\n`);
  }
}

/** Stops every portal started so far (SIGKILL if one has not gone within 10 s) and writes their logs. */
export async function stopPortals(): Promise<void> {
  const all = [...running];
  running.clear();
  await Promise.all(all.map(stop));
}
