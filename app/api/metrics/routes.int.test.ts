import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET } from "@/app/api/metrics/route";
import { openSqliteTestDb, type TestDatabase } from "@/lib/db/test-databases";
import { addBackupRow, registerFakeSystem } from "@/lib/fleet/test-support";
import { overrideDbForTests, prepareAuthTestEnv } from "@/lib/test-support/auth";

/* The route as deployed, with METRICS_TOKEN set; 404 without it is covered in lib/metrics. */

const TOKEN = "route-test-metrics-token-0123456789abcdef";
let t: TestDatabase;
let restoreDb: () => void;

beforeAll(async () => {
  // Before anything in this file reads getEnv().
  process.env.METRICS_TOKEN = TOKEN;
  prepareAuthTestEnv();
  t = await openSqliteTestDb();
  restoreDb = overrideDbForTests(t.db);
  const system = await registerFakeSystem(t.db, "E990 lab");
  await addBackupRow(t.db, system.id, "succeeded", "2025-06-29T08:00:00.000Z");
});
afterAll(async () => {
  restoreDb?.();
  delete process.env.METRICS_TOKEN;
  await t?.close();
});

const scrape = (authorization?: string) =>
  GET(new Request("http://portal.test/api/metrics", { headers: authorization ? { authorization } : {} }));

describe("GET /api/metrics", () => {
  it("needs the bearer token, not a session", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer not-the-token")).status).toBe(401);
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('kbp_backups_total{status="succeeded"} 1');
    expect(body).toMatch(
      /kbp_system_last_successful_backup_timestamp_seconds\{system_id="[^"]+",system="E990 lab"\} 1751184000/,
    );
    expect(body).toContain("kbp_backup_interval_seconds 2592000");
  });
});
