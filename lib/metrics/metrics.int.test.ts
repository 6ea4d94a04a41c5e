import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordKeyBackupRefusal } from "@/lib/db/key-backup-refusals";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { addBackupRow, addKeyCheckRow, registerFakeSystem } from "@/lib/fleet/test-support";
import { apiErrorSchema } from "@/lib/schemas/api-error";

import { collectMetrics } from "./collect-metrics";
import { metricsRoute } from "./metrics-route";

const NOW = new Date("2025-06-30T12:00:00.000Z");
const TOKEN = "metrics-token-for-tests-0123456789abcdef";
const scrape = (authorization?: string) =>
  new Request("http://portal.test/api/metrics", { headers: authorization ? { authorization } : {} });

/** The value of one sample line, or undefined when the series is absent. */
function sample(body: string, series: string): number | undefined {
  const line = body.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(TEST_DATABASES)("metrics on $kind", ({ open }) => {
  let t: TestDatabase;
  let fine: StorageSystem;
  let fresh: StorageSystem;
  let refused: StorageSystem;
  const lastSuccess = "2025-06-29T08:00:00.000Z";
  beforeAll(async () => {
    t = await open();
    fine = await registerFakeSystem(t.db, "fine");
    fresh = await registerFakeSystem(t.db, "fresh");
    refused = await registerFakeSystem(t.db, "old");
    await addBackupRow(t.db, fine.id, "failed", "2025-06-28T08:00:00.000Z");
    await addBackupRow(t.db, fine.id, "succeeded", lastSuccess);
    await addBackupRow(t.db, fine.id, "running", "2025-06-30T11:59:00.000Z");
    await addKeyCheckRow(t.db, fine.id, "2025-06-29T09:00:00.000Z", { keyCount: 32, notBackedUp: 3 });
    await recordKeyBackupRefusal(t.db, refused.id, { at: lastSuccess, microcode: null });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reports each system, the backup totals and the interval, read from the database", async () => {
    const { contentType, body } = await collectMetrics({ db: t.db, now: NOW });
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const fineLabels = `system_id="${fine.id}",system="fine"`;
    expect(sample(body, `kbp_system_last_successful_backup_timestamp_seconds{${fineLabels}}`)).toBe(
      Date.parse(lastSuccess) / 1000,
    );
    expect(
      sample(body, `kbp_system_last_successful_backup_timestamp_seconds{system_id="${fresh.id}",system="fresh"}`),
    ).toBeUndefined();
    expect(sample(body, `kbp_system_keys_not_backed_up{${fineLabels}}`)).toBe(3);
    expect(sample(body, `kbp_system_backup_status{${fineLabels},status="keys-not-backed-up"}`)).toBe(1);
    expect(sample(body, `kbp_system_backup_status{${fineLabels},status="up-to-date"}`)).toBe(0);
    expect(sample(body, `kbp_system_backup_status{system_id="${fresh.id}",system="fresh",status="never"}`)).toBe(1);
    expect(sample(body, `kbp_system_backup_status{system_id="${refused.id}",system="old",status="refused"}`)).toBe(1);
    expect(body.match(/^kbp_system_backup_status\{/gm)).toHaveLength(3 * 5);
    expect(sample(body, `kbp_backups_total{status="succeeded"}`)).toBe(1);
    expect(sample(body, `kbp_backups_total{status="failed"}`)).toBe(1);
    expect(sample(body, `kbp_backups_total{status="cancelled"}`)).toBe(0);
    expect(body).not.toContain('status="running"}');
    expect(sample(body, "kbp_backup_interval_seconds")).toBe(30 * 86_400);
    expect(body).toContain("# TYPE kbp_backups_total counter");
  });

  it("follows a new backup at the next scrape", async () => {
    await addBackupRow(t.db, fresh.id, "succeeded", "2025-06-30T10:00:00.000Z");
    const { body } = await collectMetrics({ db: t.db, now: NOW });
    expect(sample(body, `kbp_backups_total{status="succeeded"}`)).toBe(2);
    expect(sample(body, `kbp_system_backup_status{system_id="${fresh.id}",system="fresh",status="up-to-date"}`)).toBe(
      1,
    );
    expect(
      sample(body, `kbp_system_last_successful_backup_timestamp_seconds{system_id="${fresh.id}",system="fresh"}`),
    ).toBe(Date.parse("2025-06-30T10:00:00.000Z") / 1000);
  });

  it("answers 404 without a token configured, 401 to a wrong or missing one, 200 to the right one", async () => {
    const off = metricsRoute({ token: () => undefined, db: () => Promise.resolve(t.db) });
    const offResponse = await off(scrape(`Bearer ${TOKEN}`));
    expect(offResponse.status).toBe(404);
    expect(apiErrorSchema.parse(await offResponse.json()).error.code).toBe("NOT_FOUND");

    const on = metricsRoute({ token: () => TOKEN, db: () => Promise.resolve(t.db) });
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const response = await on(scrape(authorization));
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      const { error } = apiErrorSchema.parse(await response.json());
      expect(error.code).toBe("UNAUTHENTICATED");
      expect(error.message).not.toContain(TOKEN);
    }

    const ok = await on(scrape(`Bearer ${TOKEN}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(await ok.text()).toContain("kbp_backup_interval_seconds ");
  });
});
