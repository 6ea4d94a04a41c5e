import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DELETE, GET as getOne, PATCH } from "@/app/api/systems/[id]/route";
import { POST as testConnectionRoute } from "@/app/api/systems/[id]/test-connection/route";
import { POST as inspectRoute } from "@/app/api/systems/inspect-certificate/route";
import { GET as list, POST as register } from "@/app/api/systems/route";
import { openSqliteTestDb, type TestDatabase } from "@/lib/db/test-databases";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import {
  inspectCertificateResponseSchema,
  systemListSchema,
  systemResponseSchema,
  testConnectionResponseSchema,
} from "@/lib/schemas/system";
import { startSimulator } from "@/lib/simulator/server";
import { E990, MODIFY } from "@/lib/simulator/test-support";
import type { Simulator } from "@/lib/simulator/types";
import { everythingStored } from "@/lib/systems/test-support";
import {
  apiRequest,
  captureLogs,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  sessionCookiesByRole,
} from "@/lib/test-support/auth";

/*
 * The route layer only: wrapper, schema, status codes and JSON shapes. The operations themselves
 * are covered in systems.int.test.ts on both databases.
 */

let sim: Simulator;
let t: TestDatabase;
let restoreDb: () => void;
let logs: ReturnType<typeof captureLogs>;
const cookies: Record<"admin" | "operator" | "viewer", string> = { admin: "", operator: "", viewer: "" };

beforeAll(async () => {
  prepareAuthTestEnv();
  logs = captureLogs();
  sim = await startSimulator({ systems: [E990] });
  t = await openSqliteTestDb();
  restoreDb = overrideDbForTests(t.db);
  Object.assign(cookies, await sessionCookiesByRole(t.db, ["admin", "operator", "viewer"], "route"));
});
afterAll(async () => {
  logs?.restore();
  restoreDb?.();
  await t?.close();
  await sim?.close();
});

async function errorOf(response: Response) {
  return apiErrorSchema.parse(await response.json()).error;
}

describe("/api/systems routes", () => {
  let systemId = "";

  it("inspects a certificate (admin) and answers { certificate }", async () => {
    const response = await inspectRoute(
      apiRequest("POST", "/api/systems/inspect-certificate", {
        cookie: cookies.admin,
        body: { baseUrl: sim.systems[0]!.baseUrl },
      }),
      routeContext(),
    );
    expect(response.status).toBe(200);
    const { certificate } = inspectCertificateResponseSchema.parse(await response.json());
    expect(certificate.sha256Fingerprint).toBe(sim.sha256Fingerprint);

    const denied = await inspectRoute(
      apiRequest("POST", "/api/systems/inspect-certificate", {
        cookie: cookies.operator,
        body: { baseUrl: sim.systems[0]!.baseUrl },
      }),
      routeContext(),
    );
    expect(denied.status).toBe(403);
  });

  it("registers (admin): 201 { system }; 400 with fields; 415; 401; 403", async () => {
    const body = {
      name: "Route E990",
      baseUrl: sim.systems[0]!.baseUrl,
      trust: { sha256Fingerprint: sim.sha256Fingerprint },
    };
    const created = await register(apiRequest("POST", "/api/systems", { cookie: cookies.admin, body }), routeContext());
    expect(created.status).toBe(201);
    const { system } = systemResponseSchema.parse(await created.json());
    systemId = system.id;
    expect(system).toMatchObject({ name: "Route E990", trust: { kind: "pin" }, removed: false });

    const duplicate = await register(
      apiRequest("POST", "/api/systems", { cookie: cookies.admin, body }),
      routeContext(),
    );
    expect(duplicate.status).toBe(409);
    expect((await errorOf(duplicate)).code).toBe("CONFLICT");

    const mismatch = await register(
      apiRequest("POST", "/api/systems", {
        cookie: cookies.admin,
        body: { ...body, name: "Other", trust: { sha256Fingerprint: "00".repeat(32) }, confirmDuplicateBaseUrl: true },
      }),
      routeContext(),
    );
    expect(mismatch.status).toBe(409);
    expect((await errorOf(mismatch)).code).toBe("CERTIFICATE_MISMATCH");

    const invalid = await register(
      apiRequest("POST", "/api/systems", {
        cookie: cookies.admin,
        body: { name: "", baseUrl: "https://user:pw@array/ConfigurationManager?x=1", storageDeviceId: "123" },
      }),
      routeContext(),
    );
    expect(invalid.status).toBe(400);
    const fields = (await errorOf(invalid)).fields ?? {};
    expect(Object.keys(fields).sort()).toEqual(["baseUrl", "name", "storageDeviceId"]);

    const http = await register(
      apiRequest("POST", "/api/systems", {
        cookie: cookies.admin,
        body: { name: "Plain", baseUrl: "http://127.0.0.1:1/ConfigurationManager" },
      }),
      routeContext(),
    );
    expect(http.status).toBe(400);
    expect((await errorOf(http)).fields?.baseUrl?.[0]).toMatch(/PORTAL_ALLOW_HTTP_STORAGE/);

    const plainText = apiRequest("POST", "/api/systems", { cookie: cookies.admin });
    plainText.headers.set("content-type", "text/plain");
    const wrongType = await register(new NextRequest(plainText, { body: JSON.stringify(body) }), routeContext());
    expect(wrongType.status).toBe(415);

    expect((await register(apiRequest("POST", "/api/systems", { body }), routeContext())).status).toBe(401);
    expect(
      (await register(apiRequest("POST", "/api/systems", { cookie: cookies.operator, body }), routeContext())).status,
    ).toBe(403);
  });

  it("lists and reads for every signed-in user; includeRemoved is for admins", async () => {
    const listed = await list(apiRequest("GET", "/api/systems", { cookie: cookies.viewer }), routeContext());
    expect(listed.status).toBe(200);
    expect(systemListSchema.parse(await listed.json()).systems.map((system) => system.id)).toEqual([systemId]);

    const one = await getOne(
      apiRequest("GET", `/api/systems/${systemId}`, { cookie: cookies.viewer }),
      routeContext({ id: systemId }),
    );
    expect(systemResponseSchema.parse(await one.json()).system.id).toBe(systemId);

    const notUuid = await getOne(
      apiRequest("GET", "/api/systems/nope", { cookie: cookies.viewer }),
      routeContext({ id: "nope" }),
    );
    expect(notUuid.status).toBe(404);

    const removedForViewer = await list(
      apiRequest("GET", "/api/systems?includeRemoved=1", { cookie: cookies.viewer }),
      routeContext(),
    );
    expect(removedForViewer.status).toBe(403);
  });

  it("tests the connection (operator) without echoing or keeping the password", async () => {
    const body = { storageUsername: MODIFY.username, storagePassword: MODIFY.password };
    const path = `/api/systems/${systemId}/test-connection`;
    const response = await testConnectionRoute(
      apiRequest("POST", path, { cookie: cookies.operator, body }),
      routeContext({ id: systemId }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(MODIFY.password);
    expect(testConnectionResponseSchema.parse(JSON.parse(text))).toMatchObject({ identity: { model: "VSP E990" } });

    const wrong = await testConnectionRoute(
      apiRequest("POST", path, { cookie: cookies.operator, body: { ...body, storagePassword: "Not-The-Password-1" } }),
      routeContext({ id: systemId }),
    );
    expect(wrong.status).toBe(422);
    expect((await errorOf(wrong)).code).toBe("STORAGE_AUTH_FAILED");

    const viewer = await testConnectionRoute(
      apiRequest("POST", path, { cookie: cookies.viewer, body }),
      routeContext({ id: systemId }),
    );
    expect(viewer.status).toBe(403);
    expect(sim.openSessions(sim.systems[0]!.storageDeviceId)).toBe(0);
    const stored = await everythingStored(t.db);
    expect(stored).not.toContain(MODIFY.password);
    expect(stored).not.toContain("Not-The-Password-1");
    expect(logs.text()).toContain("system.connection_tested");
    expect(logs.text()).not.toContain(MODIFY.password);
    expect(logs.text()).not.toContain("Not-The-Password-1");
  });

  it("changes (admin) and removes (admin → 204), then still reads the removed system", async () => {
    const path = `/api/systems/${systemId}`;
    const patched = await PATCH(
      apiRequest("PATCH", path, { cookie: cookies.admin, body: { name: "Route E990 (lab)" } }),
      routeContext({ id: systemId }),
    );
    expect(patched.status).toBe(200);
    expect(systemResponseSchema.parse(await patched.json()).system.name).toBe("Route E990 (lab)");

    const empty = await PATCH(
      apiRequest("PATCH", path, { cookie: cookies.admin, body: {} }),
      routeContext({ id: systemId }),
    );
    expect(empty.status).toBe(400);

    const byOperator = await DELETE(
      apiRequest("DELETE", path, { cookie: cookies.operator }),
      routeContext({ id: systemId }),
    );
    expect(byOperator.status).toBe(403);
    const removed = await DELETE(apiRequest("DELETE", path, { cookie: cookies.admin }), routeContext({ id: systemId }));
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe("");

    const read = await getOne(apiRequest("GET", path, { cookie: cookies.viewer }), routeContext({ id: systemId }));
    expect(systemResponseSchema.parse(await read.json()).system).toMatchObject({ removed: true });
    const all = await list(
      apiRequest("GET", "/api/systems?includeRemoved=1", { cookie: cookies.admin }),
      routeContext(),
    );
    expect(systemListSchema.parse(await all.json()).systems.map((system) => system.id)).toEqual([systemId]);
    const active = await list(apiRequest("GET", "/api/systems", { cookie: cookies.admin }), routeContext());
    expect(systemListSchema.parse(await active.json()).systems).toEqual([]);
  });
});

describe("registering at a base URL another system uses", () => {
  const post = (body: Record<string, unknown>) =>
    register(apiRequest("POST", "/api/systems", { cookie: cookies.admin, body }), routeContext());
  const pinned = (name: string, baseUrl = sim.systems[0]!.baseUrl) => ({
    name,
    baseUrl,
    trust: { sha256Fingerprint: sim.sha256Fingerprint },
  });

  it("is refused with 409 DUPLICATE_BASE_URL naming the other system, compared normalised", async () => {
    // The system of the tests above was removed: a removed system's address is free again.
    const first = await post(pinned("Array at the address"));
    expect(first.status).toBe(201);
    const { system } = systemResponseSchema.parse(await first.json());

    // Host case and default ports are the unit test's (system-schema.test.ts); here the scheme and slashes.
    const url = sim.systems[0]!.baseUrl;
    const spellings = [url, `${url.replace(/^https:/, "HTTPS:")}/`, `${url}//`];
    for (const baseUrl of spellings) {
      const refused = await post(pinned(`Same array again ${spellings.indexOf(baseUrl)}`, baseUrl));
      expect(refused.status, baseUrl).toBe(409);
      const error = await errorOf(refused);
      expect(error.code).toBe("DUPLICATE_BASE_URL");
      expect(error.message).toContain('"Array at the address"');
      expect(error.message).toMatch(/history/);
      expect(error.existingSystem).toEqual({ id: system.id, name: "Array at the address", baseUrl: system.baseUrl });
    }
    const listed = await list(apiRequest("GET", "/api/systems", { cookie: cookies.admin }), routeContext());
    expect(systemListSchema.parse(await listed.json()).systems.map((one) => one.name)).toEqual([
      "Array at the address",
    ]);
  });

  it("registers once the admin confirms, and audits which system shares the address", async () => {
    const refusedValue = await post({ ...pinned("Second array"), confirmDuplicateBaseUrl: "yes" });
    expect(refusedValue.status).toBe(400);
    expect((await errorOf(refusedValue)).fields?.confirmDuplicateBaseUrl).toBeDefined();
    expect((await post({ ...pinned("Second array"), confirmDuplicateBaseUrl: false })).status).toBe(409);

    const confirmed = await post({ ...pinned("Second array"), confirmDuplicateBaseUrl: true });
    expect(confirmed.status).toBe(201);
    const { system } = systemResponseSchema.parse(await confirmed.json());
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["detail"])
      .where("action", "=", "system.registered")
      .where("target_id", "=", system.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({ sameAddressAs: { name: "Array at the address" } });
  });
});
