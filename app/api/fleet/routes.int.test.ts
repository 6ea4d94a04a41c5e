import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET } from "@/app/api/fleet/route";
import { addBackupRow, registerFakeSystem } from "@/lib/fleet/test-support";
import { fleetResponseSchema } from "@/lib/schemas/fleet";
import { apiRequest, openRouteTestDb, routeContext, type RouteTestDb } from "@/lib/test-support/auth";

/* The route layer only; the query and the status rules are covered in lib/fleet. */

let t: RouteTestDb<"viewer">;
let viewer = "";

beforeAll(async () => {
  t = await openRouteTestDb(["viewer"], "fleet");
  ({ viewer } = t.cookies);
  const recent = await registerFakeSystem(t.db, "recent");
  await registerFakeSystem(t.db, "untouched");
  await addBackupRow(t.db, recent.id, "succeeded", new Date().toISOString());
});
afterAll(async () => {
  await t?.close();
});

const get = (path: string, cookie = viewer) =>
  GET(apiRequest("GET", path, { cookie: cookie || undefined }), routeContext());

describe("GET /api/fleet", () => {
  it("answers every system to any signed-in user, 401 to no one", async () => {
    const response = await get("/api/fleet");
    expect(response.status).toBe(200);
    const fleet = fleetResponseSchema.parse(await response.json());
    expect(fleet.systems.map((system) => [system.name, system.status])).toEqual([
      ["untouched", "never"],
      ["recent", "up-to-date"],
    ]);
    expect((await get("/api/fleet", "")).status).toBe(401);
  });

  it("narrows the list with ?status=, never the counts, and refuses an unknown status", async () => {
    const fleet = fleetResponseSchema.parse(await (await get("/api/fleet?status=never")).json());
    expect(fleet.systems.map((system) => system.name)).toEqual(["untouched"]);
    expect(fleet.counts).toEqual({ refused: 0, never: 1, "keys-not-backed-up": 0, overdue: 0, "up-to-date": 1 });
    expect((await get("/api/fleet?status=overdue")).status).toBe(200);
    expect((await get("/api/fleet?status=late")).status).toBe(400);
  });
});
