import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET, PATCH } from "@/app/api/settings/route";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import { settingsResponseSchema } from "@/lib/schemas/settings";
import { apiRequest, openRouteTestDb, routeContext, type RouteTestDb } from "@/lib/test-support/auth";

/* The route layer only; the operations are covered on both databases in lib/settings. */

let t: RouteTestDb<"admin" | "operator" | "viewer">;
const cookies: Record<"admin" | "operator" | "viewer", string> = { admin: "", operator: "", viewer: "" };

beforeAll(async () => {
  t = await openRouteTestDb(["admin", "operator", "viewer"], "settings");
  Object.assign(cookies, t.cookies);
});
afterAll(async () => {
  await t?.close();
});

const patch = (cookie: string | undefined, body: unknown) =>
  PATCH(apiRequest("PATCH", "/api/settings", { cookie, body }), routeContext());

describe("/api/settings", () => {
  it("answers { settings } to any signed-in user, 401 to no one", async () => {
    const response = await GET(apiRequest("GET", "/api/settings", { cookie: cookies.viewer }), routeContext());
    expect(response.status).toBe(200);
    expect(settingsResponseSchema.parse(await response.json())).toEqual({ settings: { backupIntervalDays: 30 } });
    expect((await GET(apiRequest("GET", "/api/settings"), routeContext())).status).toBe(401);
  });

  it("lets an admin PATCH the interval; others get 403, bad values 400", async () => {
    const response = await patch(cookies.admin, { backupIntervalDays: "14" });
    expect(response.status).toBe(200);
    expect(settingsResponseSchema.parse(await response.json())).toEqual({ settings: { backupIntervalDays: 14 } });
    expect((await patch(cookies.operator, { backupIntervalDays: 3 })).status).toBe(403);
    expect((await patch(cookies.viewer, { backupIntervalDays: 3 })).status).toBe(403);
    for (const body of [{ backupIntervalDays: 0 }, { backupIntervalDays: 400 }, { backupIntervalDays: 7, extra: 1 }]) {
      const refused = await patch(cookies.admin, body);
      expect(refused.status).toBe(400);
      expect(apiErrorSchema.parse(await refused.json()).error.code).toBe("VALIDATION_FAILED");
    }
    const now = await GET(apiRequest("GET", "/api/settings", { cookie: cookies.operator }), routeContext());
    expect(settingsResponseSchema.parse(await now.json()).settings.backupIntervalDays).toBe(14);
  });
});
