// Entry point of `npm run bench:fleet`: the fleet view, a filtered history page and a CSV export
// at fleet size, on SQLite and PostgreSQL. Prints figures; fails only far past the targets.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { exportHistoryCsv, listHistory } from "@/lib/backups/list-history";
import type { Db } from "@/lib/db/connection";
import { openPostgresTestDb, openSqliteTestDb } from "@/lib/db/test-databases";
import { errorMessage } from "@/lib/errors/error-message";
import { getFleet } from "@/lib/fleet/get-fleet";

import { seedFleet } from "./fleet-seed";
import { round, spread, type Spread } from "./stats";

const SYSTEMS = 1_000;
const CSV_ROWS = 100_000;
const RUNS = 30;
/** The targets: p95 under 50 ms for the fleet and a history page; CSV at constant memory. */
const TARGET_MS = 50;
/** Past this many times the target, the run fails; nearer misses are reported, not failed. */
const FAIL_FACTOR = 10;

interface DatabaseFigures {
  database: string;
  seedSeconds: number;
  fleetMs: Spread;
  historyPageMs: Spread;
  csv: { rows: number; seconds: number; mib: number; rssGrowthMiB: number; rssGrowthSmallMiB: number };
}

async function timings(runs: number, work: () => Promise<unknown>): Promise<Spread> {
  await work(); // warm-up: caches, JIT, the first plan
  const values: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    values.push(performance.now() - started);
  }
  return spread(values);
}

/** Reads a CSV export to its end, sampling the process's resident memory while it streams. */
async function exportCsv(db: Db, filters: { from?: string; to?: string }) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const csv = await exportHistoryCsv({ db, systemId: "sbig", filters });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of csv.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  clearInterval(sampler);
  return { rows: lines - 1, seconds: (performance.now() - started) / 1000, bytes, growth: peak - baseline };
}

async function measure(database: string, open: () => Promise<{ db: Db; close(): Promise<void> }>, backups: number) {
  const t = await open();
  try {
    const seeding = performance.now();
    await seedFleet(t.db, { systems: SYSTEMS, backups, bigSystemBackups: CSV_ROWS });
    const seedSeconds = (performance.now() - seeding) / 1000;
    const now = new Date("2025-02-01T00:00:00.000Z");
    const fleetMs = await timings(RUNS, () => getFleet({ db: t.db, now }));
    const query = { limit: 50, status: "succeeded" as const, username: "olivia", from: "2025-01-02", to: "2025-01-08" };
    const historyPageMs = await timings(RUNS * 3, async () => {
      const first = await listHistory({ db: t.db, systemId: "s7", query });
      if (first.nextCursor)
        await listHistory({ db: t.db, systemId: "s7", query: { ...query, cursor: first.nextCursor } });
    });
    // One day of nine first (about 11,000 rows), then all of them: constant memory means alike growth.
    const small = await exportCsv(t.db, { from: "2025-01-03", to: "2025-01-03" });
    const big = await exportCsv(t.db, {});
    const figures: DatabaseFigures = {
      database,
      seedSeconds: round(seedSeconds),
      fleetMs,
      historyPageMs,
      csv: {
        rows: big.rows,
        seconds: round(big.seconds),
        mib: round(big.bytes / 2 ** 20),
        rssGrowthMiB: round(big.growth / 2 ** 20),
        rssGrowthSmallMiB: round(small.growth / 2 ** 20),
      },
    };
    return figures;
  } finally {
    await t.close();
  }
}

function failures(figures: DatabaseFigures): string[] {
  const limit = TARGET_MS * FAIL_FACTOR;
  const out: string[] = [];
  if (figures.fleetMs.p95 > limit) out.push(`${figures.database}: fleet p95 ${figures.fleetMs.p95} ms > ${limit} ms`);
  if (figures.historyPageMs.p95 > limit)
    out.push(`${figures.database}: history pages p95 ${figures.historyPageMs.p95} ms > ${limit} ms`);
  if (figures.csv.rows !== CSV_ROWS) out.push(`${figures.database}: CSV had ${figures.csv.rows} rows, not ${CSV_ROWS}`);
  // Constant memory: the full export must not grow the process ten times more than one day of it.
  const allowed = FAIL_FACTOR * Math.max(figures.csv.rssGrowthSmallMiB, 16);
  if (figures.csv.rssGrowthMiB > allowed)
    out.push(`${figures.database}: CSV grew RSS by ${figures.csv.rssGrowthMiB} MiB > ${allowed} MiB`);
  return out;
}

function table(all: DatabaseFigures[]): string {
  const line = (cells: string[]) =>
    cells.map((cell, index) => (index === 0 ? cell.padEnd(42) : cell.padStart(18))).join("");
  return [
    line(["", ...all.map((figures) => figures.database)]),
    line(["seed (s)", ...all.map((f) => String(f.seedSeconds))]),
    line(["fleet p50 / p95 (ms)", ...all.map((f) => `${f.fleetMs.p50} / ${f.fleetMs.p95}`)]),
    line([
      "2 filtered history pages p50 / p95 (ms)",
      ...all.map((f) => `${f.historyPageMs.p50} / ${f.historyPageMs.p95}`),
    ]),
    line([`CSV ${CSV_ROWS} rows (s, MiB)`, ...all.map((f) => `${f.csv.seconds} s, ${f.csv.mib}`)]),
    line([
      "CSV RSS growth: all / one day (MiB)",
      ...all.map((f) => `${f.csv.rssGrowthMiB} / ${f.csv.rssGrowthSmallMiB}`),
    ]),
    `targets: p95 under ${TARGET_MS} ms; fails past ${TARGET_MS * FAIL_FACTOR} ms or ${FAIL_FACTOR}x the memory growth`,
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { backups: { type: "string" }, json: { type: "string" } } });
  const backups = Number(values.backups ?? 1_000_000);
  if (!Number.isInteger(backups) || backups < 1 || backups > 5_000_000) throw new Error("--backups must be 1..5000000");
  console.log(`fleet at ${SYSTEMS} systems, ${backups} backups (+${CSV_ROWS} of one system for the CSV export)`);
  const all = [
    await measure("sqlite", openSqliteTestDb, backups),
    await measure("postgres", openPostgresTestDb, backups),
  ];
  console.log(table(all));
  if (values.json)
    await writeFile(values.json, `${JSON.stringify({ systems: SYSTEMS, backups, results: all }, null, 2)}\n`);
  const failed = all.flatMap(failures);
  if (failed.length > 0) throw new Error(failed.join("; "));
}

main().catch((error: unknown) => {
  console.error(`bench:fleet: FAILED: ${errorMessage(error)}`);
  process.exitCode = 1;
});
