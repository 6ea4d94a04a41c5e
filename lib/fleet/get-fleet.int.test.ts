import { CompiledQuery, sql, type KyselyPlugin, type RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedFleet } from "@/lib/bench/fleet-seed";
import { recordKeyBackupRefusal } from "@/lib/db/key-backup-refusals";
import { writeSetting } from "@/lib/db/settings";
import { markSystemRemoved, type StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { fleetResponseSchema } from "@/lib/schemas/fleet";

import { getFleet } from "./get-fleet";
import { addBackupRow, addKeyCheckRow, registerFakeSystem } from "./test-support";

const NOW = new Date("2025-06-30T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

/** Counts (and keeps) the statements a Kysely instance sends. */
function queryCounter(): KyselyPlugin & { count: number; nodes: RootOperationNode[] } {
  return {
    count: 0,
    nodes: [],
    transformQuery(args) {
      this.count += 1;
      this.nodes.push(args.node);
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
}

describe.each(TEST_DATABASES)("getFleet on $kind", ({ open }) => {
  let t: TestDatabase;
  const s = {} as Record<"refused" | "never" | "keys" | "overdue" | "fine" | "alsoFine" | "removed", StorageSystem>;
  beforeAll(async () => {
    t = await open();
    s.fine = await registerFakeSystem(t.db, "b fine");
    s.alsoFine = await registerFakeSystem(t.db, "A fine");
    s.refused = await registerFakeSystem(t.db, "refuser");
    s.never = await registerFakeSystem(t.db, "newcomer");
    s.keys = await registerFakeSystem(t.db, "keys left");
    s.overdue = await registerFakeSystem(t.db, "late");
    s.removed = await registerFakeSystem(t.db, "gone");

    await addBackupRow(t.db, s.refused.id, "succeeded", daysAgo(2));
    await recordKeyBackupRefusal(t.db, s.refused.id, { at: daysAgo(1), microcode: "88-06-02-00/00" });
    await addBackupRow(t.db, s.never.id, "failed", daysAgo(1));
    await addBackupRow(t.db, s.keys.id, "succeeded", daysAgo(3));
    await addKeyCheckRow(t.db, s.keys.id, daysAgo(1), { keyCount: 40, notBackedUp: 2 });
    await addBackupRow(t.db, s.overdue.id, "succeeded", daysAgo(40));
    await addBackupRow(t.db, s.fine.id, "succeeded", daysAgo(20), "olga");
    await addBackupRow(t.db, s.fine.id, "failed", daysAgo(0.5));
    await addBackupRow(t.db, s.alsoFine.id, "succeeded", daysAgo(1));
    await addKeyCheckRow(t.db, s.alsoFine.id, daysAgo(3), { keyCount: 32, notBackedUp: 32 });
    await addKeyCheckRow(t.db, s.alsoFine.id, daysAgo(0.5), { keyCount: 32, notBackedUp: 0 });
    await addBackupRow(t.db, s.removed.id, "succeeded", daysAgo(1));
    await markSystemRemoved(t.db, s.removed.id, daysAgo(0.1));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives every registered system one status, attention first, and counts every status", async () => {
    const fleet = fleetResponseSchema.parse(await getFleet({ db: t.db, now: NOW }));
    expect(fleet.intervalDays).toBe(30);
    expect(fleet.systems.map((system) => [system.name, system.status])).toEqual([
      ["refuser", "refused"],
      ["newcomer", "never"],
      ["keys left", "keys-not-backed-up"],
      ["late", "overdue"],
      ["A fine", "up-to-date"],
      ["b fine", "up-to-date"],
    ]);
    expect(fleet.counts).toEqual({ refused: 1, never: 1, "keys-not-backed-up": 1, overdue: 1, "up-to-date": 2 });
    const fine = fleet.systems.find((system) => system.id === s.fine.id);
    expect(fine?.lastSuccess).toEqual({ at: daysAgo(20), username: "olga", backupId: expect.any(String) });
    expect(fine?.keyCheck).toBeNull();
    expect(fleet.systems.find((system) => system.id === s.alsoFine.id)?.keyCheck).toEqual({
      at: daysAgo(0.5),
      keyCount: 32,
      notBackedUp: 0,
    });
    expect(fleet.systems.find((system) => system.id === s.never.id)?.lastSuccess).toBeNull();
  });

  it("follows the backup interval setting", async () => {
    await writeSetting(t.db, "backupIntervalDays", 60, { now: NOW.toISOString(), updatedBy: "ada" });
    try {
      const fleet = await getFleet({ db: t.db, now: NOW });
      expect(fleet.intervalDays).toBe(60);
      expect(fleet.counts).toMatchObject({ overdue: 0, "up-to-date": 3 });
    } finally {
      await writeSetting(t.db, "backupIntervalDays", 30, { now: NOW.toISOString(), updatedBy: "ada" });
    }
  });

  it("answers an empty fleet with every count 0", async () => {
    const empty = await open();
    try {
      expect(await getFleet({ db: empty.db, now: NOW })).toEqual({
        intervalDays: 30,
        systems: [],
        counts: { refused: 0, never: 0, "keys-not-backed-up": 0, overdue: 0, "up-to-date": 0 },
      });
    } finally {
      await empty.close();
    }
  });
});

const SYSTEMS = 1_000;
/** Enough rows for the planners to prefer the indexes; `npm run bench:fleet` times the full scale (1,000,000). */
const BACKUPS = Number(process.env.KBP_FLEET_BACKUPS ?? 200_000);

describe.each(TEST_DATABASES)(`getFleet at ${SYSTEMS} systems and ${BACKUPS} backups on $kind`, ({ kind, open }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
    await seedFleet(t.db, { systems: SYSTEMS, backups: BACKUPS });
    await addBackupRow(t.db, "s7", "succeeded", "2025-06-29T00:00:00.000Z", "the-newest");
    await addKeyCheckRow(t.db, "s8", "2025-06-29T00:00:00.000Z", { keyCount: 10, notBackedUp: 1 });
    await sql`analyze`.execute(t.db);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it("answers in a constant number of queries, through the indexes", async () => {
    const counter = queryCounter();
    const db = t.db.withPlugin(counter);
    await getFleet({ db, now: NOW }); // warm up
    counter.count = 0;
    counter.nodes = [];
    const fleet = await getFleet({ db, now: NOW });
    expect(counter.count).toBe(4);
    expect(fleet.systems).toHaveLength(SYSTEMS);
    expect(fleet.counts).toEqual({
      refused: 0,
      never: 0,
      "keys-not-backed-up": 1,
      overdue: SYSTEMS - 2,
      "up-to-date": 1,
    });
    expect(fleet.systems.find((system) => system.id === "s7")?.lastSuccess?.username).toBe("the-newest");

    // The systems query finds each last success and latest check through the indexes of 0004.
    const systemsQuery = t.db.getExecutor().compileQuery(counter.nodes[1]!, { queryId: "fleet" });
    const explain = kind === "sqlite" ? "explain query plan " : "explain ";
    const plan = JSON.stringify(
      (await t.db.executeQuery(CompiledQuery.raw(explain + systemsQuery.sql, [...systemsQuery.parameters]))).rows,
    );
    expect(plan).toContain("backups_system_status_started");
    // PostgreSQL rightly scans a key_checks table of one row; SQLite seeks whatever the size.
    if (kind === "sqlite") expect(plan).toContain("key_checks_system_at");
  });
});
