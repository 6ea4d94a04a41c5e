// Entry point of `npm run bench` (after `next build`): backup latency and large-file streaming
// through the production portal over HTTP, against simulated storage systems in this process.
import type { ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

import { prepareLab, startPortal, type Lab, type LabSystem } from "@/lib/demo/lab";
import { errorMessage } from "@/lib/errors/error-message";
import { DEFAULT_SYSTEMS } from "@/lib/simulator/default-systems";

import { BACKUP_PASSWORD, Bench, measureLatency, measureStreaming, WARMUP_RUNS } from "./measure";
import { closePortalConnections, signIn, waitForPortal } from "./portal-client";
import { formatReport, type BenchResults } from "./report";
import { MIB, round } from "./stats";
import { expectedKeyFile } from "./storage-side";
import { BenchFailure } from "./transfer";

const USAGE = `Usage: npm run bench -- [options]
  --runs N        sequential backups of the normal key file, each way (default 30, at most 1000)
  --big-mib N     size of the large key file in MiB (default 256, at most 1024)
  --json FILE     also write the figures as JSON to FILE
  --port N        port of the portal under test, on 127.0.0.1 (default 3199)
  --help`;

const HOST = "127.0.0.1";
const DATA_DIR = resolve("data/bench");
const PORTAL_START_MS = 60_000;
// A last resort against a hang nobody foresaw; every wait below has its own, shorter limit.
const WATCHDOG_MS = 15 * 60_000;

interface Options {
  runs: number;
  bigMiB: number;
  json?: string;
  port: number;
}

function integerOption(name: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new BenchFailure(`--${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return number;
}

/** Undefined when --help was asked for. */
function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "30" },
      "big-mib": { type: "string", default: "256" },
      json: { type: "string" },
      port: { type: "string", default: "3199" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  return {
    runs: integerOption("runs", values.runs, 1, 1000),
    bigMiB: integerOption("big-mib", values["big-mib"], 1, 1024),
    json: values.json,
    port: integerOption("port", values.port, 1, 65535),
  };
}

/** Refuses a port something already listens on: the figures would be some other server's. */
async function ensurePortFree(port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", () => reject(new BenchFailure(`port ${port} on ${HOST} is in use; pick another with --port`)));
    server.listen(port, HOST, () => resolvePromise());
  });
  await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
}

/** Two copies of the demo's VSP E990: one with the default key file, one padded to a large one. */
function benchSystems(bigMiB: number) {
  const e990 = DEFAULT_SYSTEMS[0]!;
  return [
    { name: "VSP E990 normal", config: { ...e990 } },
    {
      name: "VSP E990 large",
      config: { ...e990, serialNumber: e990.serialNumber + 1, backupPaddingBytes: bigMiB * MIB },
    },
  ];
}

/** Stops the portal and waits for it; SIGKILL if it has not gone within 10 s. */
async function stopPortal(portal: ChildProcess): Promise<void> {
  if (portal.exitCode !== null || portal.signalCode !== null) return;
  const exited = new Promise<void>((resolvePromise) => portal.once("exit", () => resolvePromise()));
  portal.kill("SIGTERM");
  const force = setTimeout(() => portal.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(force);
}

/** What has been started so far, to stop on every way out: the end, a failure, Ctrl+C, the watchdog. */
const running: { lab?: Lab; portal?: ChildProcess; stopped?: Promise<void> } = {};

function stopEverything(): Promise<void> {
  running.stopped ??= (async () => {
    closePortalConnections();
    if (running.portal) await stopPortal(running.portal);
    await running.lab?.simulator.close();
  })();
  return running.stopped;
}

async function run(options: Options): Promise<BenchResults> {
  await ensurePortFree(options.port);
  const startedAt = new Date().toISOString();
  const lab = await prepareLab({
    dataDir: DATA_DIR,
    systems: benchSystems(options.bigMiB),
    adminUsername: "bench-admin",
    via: "bench",
  });
  running.lab = lab;
  try {
    const portalLog = join(DATA_DIR, "portal.log");
    const logFd = openSync(portalLog, "a");
    // At "warn", so the log holds only what went wrong, and the portal spends no time on info lines.
    const portal = startPortal(lab, {
      host: HOST,
      port: options.port,
      logLevel: "warn",
      stdio: ["ignore", logFd, logFd],
    });
    running.portal = portal;
    const portalUrl = `http://${HOST}:${options.port}`;
    console.error(`bench: portal starting on ${portalUrl} (log: ${portalLog})`);
    await waitForPortal(portalUrl, portal, PORTAL_START_MS);
    const cookie = await signIn(portalUrl, lab.admin.username, lab.admin.password);

    // Imported only now: the storage client's logger reads LOG_LEVEL on load, as the lab set it.
    const { directBackup: direct } = await import("./direct-backup");
    const bench = new Bench(lab, portalUrl, cookie, direct);
    const [normal, large] = lab.systems as [LabSystem, LabSystem];

    const normalFile = await expectedKeyFile(lab.simulator, normal.simulated.storageDeviceId, BACKUP_PASSWORD);
    console.error(`bench: ${options.runs} backups of a ${normalFile.bytes}-byte key file each way`);
    const latency = await measureLatency(bench, normal, normalFile, options.runs);

    const largeFile = await expectedKeyFile(lab.simulator, large.simulated.storageDeviceId, BACKUP_PASSWORD);
    console.error(`bench: streaming a ${options.bigMiB} MiB key file`);
    const streaming = await measureStreaming(bench, portal.pid!, large, largeFile);

    return {
      startedAt,
      node: process.version,
      cpus: availableParallelism(),
      runs: options.runs,
      warmupRuns: WARMUP_RUNS,
      normalFile,
      latency,
      largeFile: { ...largeFile, ...streaming },
      sessions: { checks: bench.sessionChecks, maxDiscardWaitMs: round(bench.maxDiscardWaitMs) },
    };
  } finally {
    await stopEverything();
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    console.log(USAGE);
    return;
  }
  setTimeout(() => {
    console.error(`bench: FAILED: still running after ${WATCHDOG_MS / 60_000} minutes`);
    void stopEverything().finally(() => process.exit(1));
  }, WATCHDOG_MS).unref();
  process.once("SIGINT", () => void stopEverything().finally(() => process.exit(130)));
  process.once("SIGTERM", () => void stopEverything().finally(() => process.exit(143)));

  const results = await run(options);
  console.log(formatReport(results));
  if (options.json) {
    await writeFile(options.json, `${JSON.stringify(results, null, 2)}\n`);
    console.error(`bench: figures written to ${options.json}`);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`bench: FAILED: ${errorMessage(error)}`);
  process.exit(1);
});
