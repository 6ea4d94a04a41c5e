import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as auditRoute } from "@/app/api/audit/route";
import { parseCsv } from "@/lib/csv/test-support";
import { appendAuditEvent } from "@/lib/db/audit-events";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import { auditPageSchema } from "@/lib/schemas/audit";
import { apiRequest, openRouteTestDb, routeContext, type RouteTestDb } from "@/lib/test-support/auth";

/* GET /api/audit: the filters, keyset pages with filters, and the CSV export. */

let t: RouteTestDb<"admin" | "operator">;
const cookies = { admin: "", operator: "" };
const BULK = 520; // more than one keyset batch (500) of the export

beforeAll(async () => {
  t = await openRouteTestDb(["admin", "operator"], "audit");
  Object.assign(cookies, t.cookies);
  const system = { targetType: "system", targetId: "sys-1", targetLabel: "E990 lab" };
  await appendAuditEvent(t.db, {
    at: "2026-05-01T09:00:00.000Z",
    actor: "alice",
    action: "backup.run",
    outcome: "success",
    ...system,
    detail: { bytes: 10 },
  });
  await appendAuditEvent(t.db, {
    at: "2026-05-02T09:00:00.000Z",
    actor: "bob",
    action: "backup.run",
    outcome: "failure",
    targetType: "system",
    targetId: "sys-2",
    targetLabel: '=HYPERLINK("x")',
  });
  await appendAuditEvent(t.db, {
    at: "2026-05-02T10:00:00.000Z",
    actor: "bob",
    action: "system.update",
    outcome: "success",
    ...system,
    detail: { note: 'a, "b"\nc' },
  });
  for (let i = 0; i < BULK; i++) {
    await appendAuditEvent(t.db, {
      at: new Date(Date.UTC(2026, 3, 1, 0, 0, i)).toISOString(),
      actor: "bulk",
      action: "test.bulk",
      outcome: "success",
    });
  }
});
afterAll(async () => {
  await t?.close();
});

const get = (query: string, cookie = cookies.admin) =>
  auditRoute(apiRequest("GET", `/api/audit?${query}`, { cookie }), routeContext());

async function actions(query: string) {
  const response = await get(query);
  expect(response.status).toBe(200);
  return auditPageSchema.parse(await response.json()).items.map((item) => `${item.actor}:${item.action}`);
}

describe("GET /api/audit filters", () => {
  it("filters by actor, action, target and date range, each and combined", async () => {
    expect(await actions("actor=bob")).toEqual(["bob:system.update", "bob:backup.run"]);
    expect(await actions("action=backup.run")).toEqual(["bob:backup.run", "alice:backup.run"]);
    expect(await actions("target=sys-1")).toEqual(["bob:system.update", "alice:backup.run"]);
    expect(await actions("target=E990 lab&actor=alice")).toEqual(["alice:backup.run"]);
    expect(await actions("from=2026-05-02&to=2026-05-02&action=backup.run")).toEqual(["bob:backup.run"]);
    expect(await actions("from=2026-05-01&to=2026-05-01")).toEqual(["alice:backup.run"]);
    expect(await actions("actor=&action=&target=&from=&to=&limit=3")).toHaveLength(3);
  });

  it("pages with the filters applied to every page", async () => {
    const first = auditPageSchema.parse(await (await get("actor=bulk&limit=300")).json());
    expect(first.items).toHaveLength(300);
    const second = auditPageSchema.parse(await (await get(`actor=bulk&limit=300&cursor=${first.nextCursor}`)).json());
    expect(second.items).toHaveLength(BULK - 300);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((item) => item.id)).size).toBe(BULK);
  });

  it.each([
    ["from=2026-13-01", "from"],
    ["from=2026-05-03&to=2026-05-02", "to"],
    ["actor=" + "x".repeat(201), "actor"],
    ["format=xml", "format"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(Object.keys(apiErrorSchema.parse(await response.json()).error.fields ?? {})).toContain(field);
  });

  it("is for admins only, the export too", async () => {
    expect((await get("actor=bob", cookies.operator)).status).toBe(403);
    expect((await get("format=csv", cookies.operator)).status).toBe(403);
  });
});

describe("GET /api/audit?format=csv", () => {
  it("streams every filtered event (all batches) with a header, as an attachment", async () => {
    const response = await get("format=csv&action=test.bulk&limit=2");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{8}T\d{6}Z\.csv"$/);
    const records = parseCsv(await response.text());
    expect(records[0]).toEqual([
      "Time (UTC)",
      "Actor",
      "Client address",
      "Action",
      "Target type",
      "Target id",
      "Target label",
      "Outcome",
      "Details",
    ]);
    expect(records).toHaveLength(BULK + 1);
  });

  it("quotes and neutralises the cells", async () => {
    const response = await get("format=csv&from=2026-05-02");
    expect(parseCsv(await response.text()).slice(1)).toEqual([
      [
        "2026-05-02T10:00:00.000Z",
        "bob",
        "",
        "system.update",
        "system",
        "sys-1",
        "E990 lab",
        "success",
        JSON.stringify({ note: 'a, "b"\nc' }),
      ],
      ["2026-05-02T09:00:00.000Z", "bob", "", "backup.run", "system", "sys-2", '\'=HYPERLINK("x")', "failure", ""],
    ]);
  });
});
