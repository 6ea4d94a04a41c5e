import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as list } from "@/app/api/systems/[id]/backups/route";
import { parseCsv } from "@/lib/csv/test-support";
import { finishBackup, insertRunningBackup } from "@/lib/db/backups";
import { insertSystem } from "@/lib/db/storage-systems";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import { backupPageSchema } from "@/lib/schemas/backup";
import { apiRequest, openRouteTestDb, routeContext, type RouteTestDb } from "@/lib/test-support/auth";

/* GET /api/systems/{id}/backups: the filters, keyset pages with filters, and the CSV export. */

let t: RouteTestDb<"viewer">;
let systemId: string;
let viewer = "";
const BULK = 230; // more than one keyset batch (200) of the export

const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 0, minute)).toISOString();

beforeAll(async () => {
  t = await openRouteTestDb(["viewer"], "history");
  ({ viewer } = t.cookies);
  systemId = (
    await insertSystem(t.db, { name: "E990 lab", baseUrl: "https://192.0.2.1/ConfigurationManager", trustKind: "ca" })
  ).id;
  const add = async (id: string, username: string, startedAt: string, outcome: Parameters<typeof finishBackup>[2]) => {
    await insertRunningBackup(t.db, {
      id,
      systemId,
      userId: null,
      username,
      instanceId: "i",
      clientIp: null,
      now: startedAt,
    });
    await finishBackup(t.db, id, outcome);
  };
  // 2026-05-02: three backups with values a spreadsheet would misread.
  await add("f1", "=cmd|' /C calc'!A0", "2026-05-02T10:00:00.000Z", {
    status: "failed",
    finishedAt: "2026-05-02T10:00:01.000Z",
    durationMs: 1000,
    errorCode: "STORAGE_ERROR",
    errorMessage: 'The array said "no", then\nclosed, again',
    serialNumber: 412345,
    microcode: "-93-07",
  });
  await add("s1", "olivia", "2026-05-02T11:00:00.000Z", {
    status: "succeeded",
    finishedAt: "2026-05-02T11:00:02.000Z",
    durationMs: 2000,
    bytes: 4096,
    sha256: "ab".repeat(32),
    fileName: "E990_lab.ekf",
    model: "VSP E990",
    serialNumber: 412345,
    microcode: "93-07-01-80/00",
  });
  await add("s2", "@olivia", "2026-05-02T23:59:00.000Z", {
    status: "succeeded",
    finishedAt: "2026-05-03T00:00:00.000Z",
    durationMs: 60_000,
  });
  // 2026-05-01: many cancelled ones by "bulk".
  for (let i = 0; i < BULK; i++) {
    await add(`c${String(i).padStart(3, "0")}`, "bulk", at(i), {
      status: "cancelled",
      finishedAt: at(i),
      durationMs: 5,
    });
  }
});
afterAll(async () => {
  await t?.close();
});

function get(query: string, cookie = viewer, id = systemId) {
  return list(apiRequest("GET", `/api/systems/${id}/backups?${query}`, { cookie }), routeContext({ id }));
}

async function page(query: string) {
  const response = await get(query);
  expect(response.status).toBe(200);
  return backupPageSchema.parse(await response.json());
}
const ids = async (query: string) => (await page(query)).items.map((item) => item.id);

describe("GET /api/systems/{id}/backups filters", () => {
  it("filters by status, username and date range, each and combined; empty parameters are no filter", async () => {
    expect(await ids("status=failed")).toEqual(["f1"]);
    expect(await ids("username=olivia")).toEqual(["s1"]);
    expect(await ids("from=2026-05-02&to=2026-05-02")).toEqual(["s2", "s1", "f1"]);
    expect(await ids("from=2026-05-02T10:30:00Z&to=2026-05-02T23:59:00Z")).toEqual(["s2", "s1"]);
    expect(await ids("to=2026-05-02T12:00:00%2B02:00&from=2026-05-02")).toEqual(["f1"]);
    expect(await ids("status=succeeded&from=2026-05-02&to=2026-05-02")).toEqual(["s2", "s1"]);
    expect(await ids("status=succeeded&username=olivia&from=2026-05-02")).toEqual(["s1"]);
    expect((await page("status=&username=&from=&to=&limit=5")).items).toHaveLength(5);
  });

  it("pages with the filters applied to every page", async () => {
    const first = await page("status=cancelled&to=2026-05-01T00:09:00Z&limit=4");
    expect(first.items.map((item) => item.id)).toEqual(["c009", "c008", "c007", "c006"]);
    const second = await page(`status=cancelled&to=2026-05-01T00:09:00Z&limit=4&cursor=${first.nextCursor}`);
    expect(second.items.map((item) => item.id)).toEqual(["c005", "c004", "c003", "c002"]);
    const third = await page(`status=cancelled&to=2026-05-01T00:09:00Z&limit=4&cursor=${second.nextCursor}`);
    expect(third.items.map((item) => item.id)).toEqual(["c001", "c000"]);
    expect(third.nextCursor).toBeNull();
  });

  it.each([
    ["status=done", "status"],
    ["from=yesterday", "from"],
    ["to=2026-05-01T10:00:00", "to"],
    ["from=2026-05-03&to=2026-05-02", "to"],
    ["limit=0", "limit"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    const { error } = apiErrorSchema.parse(await response.json());
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(error.fields ?? {})).toContain(field);
  });

  it("refuses without a session", async () => {
    expect((await get("status=failed", "")).status).toBe(401);
  });
});

describe("GET /api/systems/{id}/backups?format=csv", () => {
  it("streams every filtered row (all batches) with a header, as an attachment", async () => {
    const response = await get("format=csv&username=bulk&limit=3");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="backup-history-E990_lab-\d{8}T\d{6}Z\.csv"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const records = parseCsv(await response.text());
    expect(records[0]).toEqual([
      "Started at (UTC)",
      "Finished at (UTC)",
      "User",
      "Storage user",
      "Status",
      "Bytes",
      "File name",
      "SHA-256",
      "Verification",
      "Verified at (UTC)",
      "Duration (ms)",
      "Model",
      "Serial",
      "Microcode",
      "Error code",
      "Error message",
    ]);
    const rows = records.slice(1);
    expect(rows).toHaveLength(BULK);
    expect(rows[0]![0]).toBe(at(BULK - 1));
    expect(rows.at(-1)![0]).toBe(at(0));
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(["bulk"]));
  });

  it("writes the filtered rows quoted, with formula-like values neutralised", async () => {
    const response = await get("format=csv&from=2026-05-02&to=2026-05-02");
    const rows = parseCsv(await response.text()).slice(1);
    expect(rows).toEqual([
      [
        "2026-05-02T23:59:00.000Z",
        "2026-05-03T00:00:00.000Z",
        "'@olivia",
        "",
        "succeeded",
        "",
        "",
        "",
        "",
        "",
        "60000",
        "",
        "",
        "",
        "",
        "",
      ],
      [
        "2026-05-02T11:00:00.000Z",
        "2026-05-02T11:00:02.000Z",
        "olivia",
        "",
        "succeeded",
        "4096",
        "E990_lab.ekf",
        "ab".repeat(32),
        "",
        "",
        "2000",
        "VSP E990",
        "412345",
        "93-07-01-80/00",
        "",
        "",
      ],
      [
        "2026-05-02T10:00:00.000Z",
        "2026-05-02T10:00:01.000Z",
        "'=cmd|' /C calc'!A0",
        "",
        "failed",
        "",
        "",
        "",
        "",
        "",
        "1000",
        "",
        "412345",
        "'-93-07",
        "STORAGE_ERROR",
        'The array said "no", then\nclosed, again',
      ],
    ]);
  });

  it("writes the header alone when nothing matches", async () => {
    const response = await get("format=csv&status=running");
    expect(parseCsv(await response.text())).toHaveLength(1);
  });

  it("answers an unknown system with a JSON 404, not a file", async () => {
    const response = await get("format=csv", viewer, "00000000-0000-4000-8000-000000000000");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
  });
});
