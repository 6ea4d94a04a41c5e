// The benchmark's sections in order, each on what it needs: the simulator, a portal on SQLite,
// two on PostgreSQL, seeded databases. Imported once LOG_LEVEL is set (the loggers read it on load).
import { mkdir, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";

import { createDb } from "@/lib/db/connection";

import { directBackup } from "./direct-backup";
import { runLoad } from "./fleet-load";
import { Bench, measureLatency, measureThroughput } from "./measure";
import type { Options, Section } from "./options";
import { closePortalConnections, signIn } from "./portal-client";
import { portalPorts, startBenchPortal, stopPortals } from "./portals";
import { measurePostgresReads, measureSqliteReads } from "./reads";
import type { BenchResults } from "./results";
import { dropDatabase, recreateDatabase, registerLab, startLab, type BenchLab } from "./setup";
import { evaluateTargets } from "./targets";

const say = (line: string) => console.error(`bench: ${line}`);

/** What has been started so far, to stop on every way out: the end, a failure, Ctrl+C, the watchdog. */
const running: { lab?: BenchLab; pg?: string; stopped?: Promise<void> } = {};

export function stopEverything(): Promise<void> {
  running.stopped ??= (async () => {
    closePortalConnections();
    await stopPortals().catch(() => {});
    await running.lab?.simulator.close();
    if (running.pg) await dropDatabase(running.pg).catch(() => {});
  })();
  return running.stopped;
}

type Figures = Omit<BenchResults, "targets">;

/** Sections 1-3: one portal on a SQLite file. */
async function onSqlite(options: Options, lab: BenchLab, port: number, work: string, figures: Figures) {
  const dataDir = join(work, "sqlite");
  const db = createDb({ kind: "sqlite", file: join(dataDir, "portal.sqlite") });
  const registered = await registerLab(db, lab.simulator).finally(() => db.destroy());
  const portal = await startBenchPortal({ name: "portal", port, dataDir });
  say(`portal on SQLite at ${portal.url} (log: ${join(dataDir, "portal.log")})`);
  const cookie = await signIn(portal.url, registered.admin.username, registered.admin.password);
  const bench = new Bench(lab.simulator, portal.url, cookie, directBackup);
  if (options.sections.has("latency")) {
    say(`1. ${options.runs} backups of the 64 KiB key file each way`);
    figures.latency = await measureLatency(bench, registered.system(lab.normal), options.runs);
  }
  if (options.sections.has("throughput")) {
    say(`2. a 1 MiB and a ${options.bigMiB} MiB key file, memory sampled`);
    const [small, large] = [registered.system(lab.small), registered.system(lab.large)];
    figures.throughput = await measureThroughput(bench, portal.child.pid!, small, large);
  }
  if (options.sections.has("fleet")) {
    say(`3. ${options.backups} backups of ${options.systems} systems at once, one portal`);
    const systems = lab.fleet.map((system) => registered.system(system));
    const load = { simulator: lab.simulator, cookie, systems, backups: options.backups };
    figures.fleet = await runLoad({ ...load, urls: [portal.url], database: "sqlite" });
  }
  await stopPortals();
}

/** Section 4: two portals on one PostgreSQL database, the requests split between them in turn. */
async function onPostgres(options: Options, lab: BenchLab, ports: number[], work: string, figures: Figures) {
  running.pg = options.pg;
  await recreateDatabase(options.pg);
  const db = createDb({ kind: "postgres", url: options.pg });
  const registered = await registerLab(db, lab.simulator).finally(() => db.destroy());
  const portals = [];
  for (const [index, port] of ports.entries()) {
    const name = `pg-${index + 1}`;
    portals.push(await startBenchPortal({ name, port, dataDir: join(work, name), databaseUrl: options.pg }));
  }
  say(`4. the same load through ${portals.map((portal) => portal.url).join(" and ")} on PostgreSQL`);
  const cookie = await signIn(portals[0]!.url, registered.admin.username, registered.admin.password);
  const systems = lab.fleet.map((system) => registered.system(system));
  const urls = portals.map((portal) => portal.url);
  const load = { simulator: lab.simulator, cookie, systems, backups: options.backups };
  figures.instances = await runLoad({ ...load, urls, database: "postgres" });
  await stopPortals();
}

async function reads(options: Options, work: string, figures: Figures) {
  const scale = { systems: options.readSystems, rows: options.readRows, runs: options.readRuns };
  say(`5. reads at ${scale.systems} systems and ${scale.rows} history rows, SQLite then PostgreSQL`);
  running.pg = options.pg;
  figures.reads = [
    await measureSqliteReads(join(work, "reads.sqlite"), scale),
    await measurePostgresReads(options.pg, scale),
  ];
}

/** Runs the sections asked for; throws a BenchFailure when a figure cannot be trusted. */
export async function runBench(options: Options, work: string): Promise<BenchResults> {
  const has = (...sections: Section[]) => sections.some((section) => options.sections.has(section));
  const figures: Figures = {
    startedAt: new Date().toISOString(),
    finishedAt: "",
    node: process.version,
    cpus: availableParallelism(),
    quick: options.quick,
  };
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true, mode: 0o700 });
  try {
    if (has("latency", "throughput", "fleet", "instances")) {
      const ports = await portalPorts(options.port, 3);
      const lab = await startLab({ bigMiB: options.bigMiB, fleetSize: options.systems, stateDir: join(work, "sim") });
      running.lab = lab;
      if (has("latency", "throughput", "fleet")) await onSqlite(options, lab, ports[0]!, work, figures);
      if (has("instances")) await onPostgres(options, lab, ports.slice(1), work, figures);
    }
    if (has("reads")) await reads(options, work, figures);
  } finally {
    await stopEverything();
  }
  figures.finishedAt = new Date().toISOString();
  return { ...figures, targets: evaluateTargets(figures) };
}
