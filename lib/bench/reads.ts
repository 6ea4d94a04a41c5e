// Section 5 of `npm run bench` (also `npm run bench:fleet`): the fleet data and a filtered history
// page at fleet size, in this process, on a seeded SQLite file and a seeded PostgreSQL database.
import { rm } from "node:fs/promises";

import { listHistory } from "@/lib/backups/list-history";
import { createDb, type Db } from "@/lib/db/connection";
import { migrateToLatest } from "@/lib/db/migrate";
import { getFleet } from "@/lib/fleet/get-fleet";

import { seedFleet } from "./fleet-seed";
import type { ReadFigures } from "./results";
import { recreateDatabase } from "./setup";
import { round, spread, type Spread } from "./stats";

export interface ReadOptions {
  systems: number;
  rows: number;
  runs: number;
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

/** What the history page asks: one user's successes over a week, 50 a page (the seed's days are 01..09). */
const QUERY = { limit: 50, status: "succeeded" as const, username: "olivia", from: "2025-01-02", to: "2025-01-08" };

async function measure(database: ReadFigures["database"], db: Db, options: ReadOptions): Promise<ReadFigures> {
  await migrateToLatest(db);
  const seeding = performance.now();
  await seedFleet(db, { systems: options.systems, backups: options.rows });
  const seedSeconds = (performance.now() - seeding) / 1000;
  const now = new Date("2025-02-01T00:00:00.000Z");
  const fleetMs = await timings(options.runs, () => getFleet({ db, now }));
  // The first page, then the next one from its cursor (when there is one), timed one by one.
  let cursor: string | undefined;
  const historyPageMs = await timings(options.runs * 2, async () => {
    const page = await listHistory({ db, systemId: "s7", query: cursor ? { ...QUERY, cursor } : QUERY });
    cursor = cursor === undefined ? (page.nextCursor ?? undefined) : undefined;
  });
  return {
    database,
    systems: options.systems,
    rows: options.rows,
    seedSeconds: round(seedSeconds),
    runs: options.runs,
    fleetMs,
    historyPageMs,
  };
}

/** A fresh SQLite file at `file` (removed afterwards, with its WAL). */
export async function measureSqliteReads(file: string, options: ReadOptions): Promise<ReadFigures> {
  const remove = () => Promise.all(["", "-wal", "-shm"].map((end) => rm(`${file}${end}`, { force: true })));
  await remove();
  const db = createDb({ kind: "sqlite", file });
  try {
    return await measure("sqlite", db, options);
  } finally {
    await db.destroy();
    await remove();
  }
}

/** The PostgreSQL database at `url`, dropped and made afresh first. */
export async function measurePostgresReads(url: string, options: ReadOptions): Promise<ReadFigures> {
  await recreateDatabase(url);
  const db = createDb({ kind: "postgres", url });
  try {
    return await measure("postgres", db, options);
  } finally {
    await db.destroy();
  }
}
