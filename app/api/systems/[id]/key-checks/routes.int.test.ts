import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET, POST } from "@/app/api/systems/[id]/key-checks/route";
import { registerSimSystem } from "@/lib/backups/test-support";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import { keyCheckResponseSchema } from "@/lib/schemas/key-check";
import { startSimulator } from "@/lib/simulator/server";
import { E990, VIEW } from "@/lib/simulator/test-support";
import type { Simulator } from "@/lib/simulator/types";
import { apiRequest, openRouteTestDb, routeContext, type RouteTestDb } from "@/lib/test-support/auth";

/* The route layer only; checkKeys itself is covered on both databases in lib/keys. */

let sim: Simulator;
let t: RouteTestDb<"operator" | "viewer">;
let system: StorageSystem;
const cookies: Record<"operator" | "viewer", string> = { operator: "", viewer: "" };
const credentials = { storageUsername: VIEW.username, storagePassword: VIEW.password };

beforeAll(async () => {
  t = await openRouteTestDb(["operator", "viewer"], "keys");
  Object.assign(cookies, t.cookies);
  sim = await startSimulator({ systems: [E990] });
  system = await registerSimSystem(t.db, sim, sim.systems[0]!);
});
afterAll(async () => {
  await t?.close();
  await sim?.close();
});

const path = () => `/api/systems/${system.id}/key-checks`;
const get = (cookie: string, id = system.id) =>
  GET(apiRequest("GET", `/api/systems/${id}/key-checks`, { cookie }), routeContext({ id }));
const post = (cookie: string, body: unknown = credentials) =>
  POST(apiRequest("POST", path(), { cookie, body }), routeContext({ id: system.id }));

describe("/api/systems/{id}/key-checks", () => {
  it("answers { keyCheck: null } before any check", async () => {
    const response = await get(cookies.viewer);
    expect(response.status).toBe(200);
    expect(keyCheckResponseSchema.parse(await response.json())).toEqual({ keyCheck: null });
  });

  it("checks the keys for an operator (201), then shows the latest to a viewer", async () => {
    const response = await post(cookies.operator);
    expect(response.status).toBe(201);
    const { keyCheck } = keyCheckResponseSchema.parse(await response.json());
    expect(keyCheck).toMatchObject({ systemId: system.id, keyCount: 32, notBackedUpCount: 32 });
    expect(JSON.stringify(keyCheck)).not.toContain(VIEW.password);
    expect(sim.openSessions(sim.systems[0]!.storageDeviceId)).toBe(0);
    const latest = keyCheckResponseSchema.parse(await (await get(cookies.viewer)).json());
    expect(latest.keyCheck).toEqual(keyCheck);
  });

  it("refuses a viewer (403), missing credentials (400), and an unknown system (404)", async () => {
    expect((await post(cookies.viewer)).status).toBe(403);
    const invalid = await post(cookies.operator, { storageUsername: "" });
    expect(invalid.status).toBe(400);
    expect(apiErrorSchema.parse(await invalid.json()).error.code).toBe("VALIDATION_FAILED");
    expect((await get(cookies.viewer, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get(cookies.viewer, "not-a-uuid")).status).toBe(404);
  });
});
