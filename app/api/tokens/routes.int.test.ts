import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as logoutRoute } from "@/app/api/auth/logout/route";
import { GET as meRoute } from "@/app/api/me/route";
import { POST as backupRoute, GET as historyRoute } from "@/app/api/systems/[id]/backups/route";
import { DELETE as revokeRoute } from "@/app/api/tokens/[id]/route";
import { POST as createRoute, GET as listRoute } from "@/app/api/tokens/route";
import { THROTTLE_POLICY } from "@/lib/auth/throttle";
import { backupInput, drain, everythingStored, registerSimSystem } from "@/lib/backups/test-support";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import { backupPageSchema } from "@/lib/schemas/backup";
import { createdTokenSchema, publicTokenSchema } from "@/lib/schemas/token";
import { startSimulator } from "@/lib/simulator/server";
import type { Simulator } from "@/lib/simulator/types";
import {
  apiRequest,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  sessionCookiesByRole,
} from "@/lib/test-support/auth";
import { hashToken } from "@/lib/tokens/token-secret";

/*
 * Service tokens (issue 13) through the routes: creation, listing, revocation, and a bearer token
 * standing in for a session in withSession (role, system limits, no Origin check, throttling).
 */

let sim: Simulator;

beforeAll(async () => {
  prepareAuthTestEnv();
  sim = await startSimulator({ systems: [{ model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" }] });
});
afterAll(async () => {
  await sim?.close();
});

describe.each(TEST_DATABASES)("service tokens on $kind", ({ open, kind }) => {
  let t: TestDatabase;
  let restoreDb: () => void;
  let cookies: Record<"admin" | "operator" | "viewer", string>;
  let systemA: StorageSystem;
  let systemB: StorageSystem;
  let address = 0;
  /** A fresh client address per test, so one test's refused tokens do not throttle another's. */
  const nextAddress = () => `198.51.100.${++address}`;

  beforeAll(async () => {
    t = await open();
    restoreDb = overrideDbForTests(t.db);
    cookies = await sessionCookiesByRole(t.db, ["admin", "operator", "viewer"], "tok");
    systemA = await registerSimSystem(t.db, sim, sim.systems[0]!, { name: "Array A" });
    systemB = await registerSimSystem(t.db, sim, sim.systems[0]!, { name: "Array B" });
  });
  afterAll(async () => {
    restoreDb?.();
    await t?.close();
  });

  async function create(body: Record<string, unknown>, cookie = cookies.admin) {
    return createRoute(apiRequest("POST", "/api/tokens", { cookie, body }), routeContext());
  }
  async function newToken(body: Record<string, unknown>) {
    const response = await create(body);
    expect(response.status).toBe(201);
    return createdTokenSchema.parse(await response.json());
  }
  function bearer(token: string, ip = nextAddress()) {
    return { authorization: `Bearer ${token}`, "x-forwarded-for": ip };
  }
  function backup(systemId: string, headers: Record<string, string>, options: { origin?: string } = {}) {
    const request = apiRequest("POST", `/api/systems/${systemId}/backups`, {
      body: backupInput(),
      headers,
      ...options,
    });
    return backupRoute(request, routeContext({ id: systemId }));
  }
  async function errorCode(response: Response) {
    return apiErrorSchema.parse(await response.json()).error.code;
  }
  async function tokenEvents(name: string) {
    const rows = await t.db.selectFrom("audit_events").selectAll().where("actor", "=", `token: ${name}`).execute();
    return rows.map((row) => row.action);
  }

  it("creates a kbp_ token shown once; the database holds only its SHA-256; the list never shows it", async () => {
    const { id, token } = await newToken({ name: "ci-nightly", role: "operator", expiresInDays: 30 });
    expect(token).toMatch(/^kbp_[A-Za-z0-9_-]{43,}$/);
    const row = await t.db.selectFrom("service_tokens").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const stored = await everythingStored(t.db, kind === "postgres" ? t.location : undefined);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(4));

    const list = await listRoute(apiRequest("GET", "/api/tokens", { cookie: cookies.admin }), routeContext());
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain(token.slice(4));
    expect(text).not.toContain(row.token_hash);
    const listed = (JSON.parse(text) as { tokens: unknown[] }).tokens.map((item) =>
      publicTokenSchema.strict().parse(item),
    );
    expect(listed.find((item) => item.id === id)).toMatchObject({
      name: "ci-nightly",
      role: "operator",
      lastUsedAt: null,
    });
    expect(listed.find((item) => item.id === id)?.expiresAt).toBeTruthy();
    expect(await tokenEvents("ci-nightly")).toEqual([]);
    const created = await t.db.selectFrom("audit_events").selectAll().where("action", "=", "token.created").execute();
    expect(created.map((event) => event.target_label)).toContain("ci-nightly");
  });

  it("takes admins only, and only a strict body", async () => {
    expect((await create({ name: "x", role: "viewer" }, cookies.operator)).status).toBe(403);
    for (const body of [
      { name: "x", role: "admin" },
      { name: "x", role: "viewer", expiresInDays: 0 },
      { name: "x", role: "viewer", expiresInDays: 367 },
      { name: "x", role: "viewer", extra: true },
      { name: "x", role: "viewer", systemIds: ["not-a-uuid"] },
      { name: "x", role: "viewer", systemIds: ["00000000-0000-4000-8000-000000000000"] },
    ]) {
      expect((await create(body)).status, JSON.stringify(body)).toBe(400);
    }
    await newToken({ name: "dup", role: "viewer" });
    expect((await create({ name: "dup", role: "viewer" })).status).toBe(409);
    const { token } = await newToken({ name: "operator-token", role: "operator" });
    // A token is never an admin: it cannot manage tokens.
    const byToken = await createRoute(
      apiRequest("POST", "/api/tokens", { body: { name: "y", role: "viewer" }, headers: bearer(token) }),
      routeContext(),
    );
    expect(byToken.status).toBe(403);
  });

  it("backs up with the token's role and names the token in the history and the audit log; no Origin needed", async () => {
    const { token: viewer } = await newToken({ name: "viewer-bot", role: "viewer" });
    const refused = await backup(systemA.id, bearer(viewer));
    expect(refused.status).toBe(403);

    const { id, token } = await newToken({ name: "backup-bot", role: "operator" });
    // Cross-site Origin and no cookie: a bearer token is not an ambient credential.
    const response = await backup(systemA.id, bearer(token), { origin: "https://evil.example" });
    expect(response.status).toBe(200);
    expect((await drain(response.body!)).error).toBeUndefined();

    const history = await historyRoute(
      apiRequest("GET", `/api/systems/${systemA.id}/backups`, { headers: bearer(viewer) }),
      routeContext({ id: systemA.id }),
    );
    expect(history.status).toBe(200);
    const page = backupPageSchema.parse(await history.json());
    expect(page.items[0]?.username).toBe("token: backup-bot");
    expect(await tokenEvents("backup-bot")).toEqual(expect.arrayContaining(["backup.started", "backup.succeeded"]));
    const row = await t.db.selectFrom("service_tokens").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.last_used_at).not.toBeNull();
  });

  it("limits a token to its systems: another system's routes answer 403", async () => {
    const { token } = await newToken({ name: "only-a", role: "operator", systemIds: [systemA.id] });
    const other = await backup(systemB.id, bearer(token));
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe("FORBIDDEN");
    const history = await historyRoute(
      apiRequest("GET", `/api/systems/${systemB.id}/backups`, { headers: bearer(token) }),
      routeContext({ id: systemB.id }),
    );
    expect(history.status).toBe(403);
    const own = await backup(systemA.id, bearer(token));
    expect(own.status).toBe(200);
    await drain(own.body!);
  });

  it("revokes at once, refuses an expired token, and a bearer header wins over a cookie", async () => {
    const me = (headers: Record<string, string>, cookie?: string) =>
      meRoute(apiRequest("GET", "/api/me", { headers, cookie }), routeContext());
    const { id, token } = await newToken({ name: "short-lived", role: "viewer" });
    const asToken = await me(bearer(token), cookies.admin);
    expect(await asToken.json()).toEqual({ username: "token: short-lived", role: "viewer" });
    // A token cannot end someone's session or change a password.
    const logout = await logoutRoute(
      apiRequest("POST", "/api/auth/logout", { headers: bearer(token) }),
      routeContext(),
    );
    expect(logout.status).toBe(403);

    const revoke = await revokeRoute(
      apiRequest("DELETE", `/api/tokens/${id}`, { cookie: cookies.admin }),
      routeContext({ id }),
    );
    expect(revoke.status).toBe(204);
    const again = await revokeRoute(
      apiRequest("DELETE", `/api/tokens/${id}`, { cookie: cookies.admin }),
      routeContext({ id }),
    );
    expect(again.status).toBe(404);
    // Refused even beside a valid admin session: no fallback to the cookie.
    const revoked = await me(bearer(token), cookies.admin);
    expect(revoked.status).toBe(401);
    expect(await errorCode(revoked)).toBe("UNAUTHENTICATED");
    const revokedEvents = await t.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "token.revoked")
      .execute();
    expect(revokedEvents.map((event) => event.target_label)).toContain("short-lived");
    // Its name is free again.
    await newToken({ name: "short-lived", role: "viewer" });

    const expiring = await newToken({ name: "expiring", role: "viewer", expiresInDays: 1 });
    expect((await me(bearer(expiring.token))).status).toBe(200);
    await t.db
      .updateTable("service_tokens")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", expiring.id)
      .execute();
    expect((await me(bearer(expiring.token))).status).toBe(401);
    expect((await me({ authorization: "Bearer " })).status).toBe(401);
  });

  it("throttles bad tokens per address like failed sign-ins: 429 with Retry-After at the limit", async () => {
    const ip = nextAddress();
    const { token } = await newToken({ name: "good", role: "viewer" });
    const me = (value: string) => meRoute(apiRequest("GET", "/api/me", { headers: bearer(value, ip) }), routeContext());
    for (let i = 0; i < THROTTLE_POLICY.address.limit; i++) {
      expect((await me(`kbp_${"A".repeat(43)}${i}`)).status).toBe(401);
    }
    const refused = await me("kbp_guess");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // The address is refused, even with a good token; another address is not.
    expect((await me(token)).status).toBe(429);
    expect((await meRoute(apiRequest("GET", "/api/me", { headers: bearer(token) }), routeContext())).status).toBe(200);
  });
});
