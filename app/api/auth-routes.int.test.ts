import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { GET as auditRoute } from "@/app/api/audit/route";
import { POST as loginRoute } from "@/app/api/auth/login/route";
import { POST as logoutRoute } from "@/app/api/auth/logout/route";
import { GET as meRoute } from "@/app/api/me/route";
import { POST as setupRoute } from "@/app/api/setup/route";
import { PATCH as updateUserRoute } from "@/app/api/users/[id]/route";
import { POST as createUserRoute, GET as listUsersRoute } from "@/app/api/users/route";
import { hashPassword } from "@/lib/auth/passwords";
import { issueSetupLink } from "@/lib/auth/setup";
import { INVALID_CREDENTIALS_MESSAGE } from "@/lib/auth/sign-in";
import { throttleKeys } from "@/lib/auth/throttle";
import { setClockForTests } from "@/lib/clock";
import { clearThrottle } from "@/lib/db/login-throttle";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { setUserDisabled, type User } from "@/lib/db/users";
import {
  addTestUser,
  apiRequest,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  sessionCookieHeader,
  setCookieValue,
} from "@/lib/test-support/auth";
import { ManualClock } from "@/lib/test-support/manual-clock";

const PASSWORD = "violet tractor cinnamon harbor";
const NEW_PASSWORD = "lantern quiet meadow orbit";
const ctx = routeContext();

const login = (username: string, password: string, options: { origin?: string; ip?: string } = {}) =>
  loginRoute(
    apiRequest("POST", "/api/auth/login", {
      body: { username, password },
      origin: options.origin,
      headers: { "x-forwarded-for": options.ip ?? "192.0.2.50" },
    }),
    ctx,
  );
const me = (cookie?: string) => meRoute(apiRequest("GET", "/api/me", { cookie }), ctx);
const cookieFrom = (response: Response) => `kbp_session=${encodeURIComponent(setCookieValue(response)!)}`;

describe.each(TEST_DATABASES)("auth routes on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreDb: () => void;
  let admin: User;
  let adminCookie: string;

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    restoreDb = overrideDbForTests(t.db);
    const passwordHash = await hashPassword(PASSWORD);
    admin = await addTestUser(t.db, { username: "root", role: "admin", passwordHash });
    await addTestUser(t.db, { username: "bob", role: "operator", passwordHash });
    await addTestUser(t.db, { username: "dora", role: "viewer", passwordHash }).then((dora) =>
      setUserDisabled(t.db, dora.id, true),
    );
    adminCookie = await sessionCookieHeader(t.db, admin);
  });
  afterAll(async () => {
    restoreDb?.();
    await t?.close();
  });

  describe("POST /api/auth/login", () => {
    it("signs in: 200, the user, and a session cookie that is HttpOnly, SameSite=Strict, Path=/", async () => {
      const response = await login("bob", PASSWORD);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ user: { username: "bob", role: "operator" } });
      expect(response.headers.get("cache-control")).toBe("no-store");
      const [cookie] = response.headers.getSetCookie();
      expect(cookie).toMatch(/^kbp_session=Fe26\.2\*/);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Strict/i);
      expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
      expect(cookie).not.toMatch(/;\s*Secure/i);
      expect(await (await me(cookieFrom(response))).json()).toEqual({ username: "bob", role: "operator" });
    });

    it("does not take an https request URL as HTTPS: Next.js builds it from the client's X-Forwarded-Proto", async () => {
      // HTTPS comes from PORTAL_PUBLIC_URL or a trusted proxy (lib/auth/client-address.test.ts, e2e/forwarded-headers.spec.ts).
      const request = (origin: string) =>
        apiRequest("POST", "/api/auth/login", {
          body: { username: "bob", password: PASSWORD },
          origin: "https://127.0.0.1:3000",
          headers: { origin, "x-forwarded-for": "192.0.2.50" },
        });
      // The portal serves plain HTTP here, so its own origin is http://, whatever the URL says.
      const response = await loginRoute(request("http://127.0.0.1:3000"), ctx);
      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie()[0]).toMatch(/^kbp_session=/);
      expect(response.headers.getSetCookie()[0]).not.toMatch(/;\s*Secure/i);
      expect((await loginRoute(request("https://127.0.0.1:3000"), ctx)).status).toBe(403);
    });

    it("gives a new session at each sign-in", async () => {
      const first = setCookieValue(await login("bob", PASSWORD));
      const second = setCookieValue(await login("bob", PASSWORD));
      expect(first).not.toBe(second);
    });

    it("answers 401 INVALID_CREDENTIALS with one message for unknown user, wrong password, disabled user", async () => {
      for (const [username, password] of [
        ["nobody", PASSWORD],
        ["bob", "not the password at all"],
        ["dora", PASSWORD],
      ] as const) {
        const response = await login(username, password, { ip: "192.0.2.51" });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({
          error: { code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS_MESSAGE },
        });
        expect(response.headers.getSetCookie()).toEqual([]);
      }
      await clearThrottle(t.db, throttleKeys("bob", "-").account);
    });

    it("answers 400 for a missing field, 415 for a form post, 403 cross-origin", async () => {
      const missing = await loginRoute(apiRequest("POST", "/api/auth/login", { body: { username: "bob" } }), ctx);
      expect(missing.status).toBe(400);
      expect((await missing.json()).error.code).toBe("VALIDATION_FAILED");
      const form = await loginRoute(
        apiRequest("POST", "/api/auth/login", { headers: { "content-type": "application/x-www-form-urlencoded" } }),
        ctx,
      );
      expect(form.status).toBe(415);
      const crossSite = await loginRoute(
        apiRequest("POST", "/api/auth/login", {
          body: { username: "bob", password: PASSWORD },
          headers: { origin: "https://evil.example" },
        }),
        ctx,
      );
      expect(crossSite.status).toBe(403);
    });

    describe("throttled (injected clock)", () => {
      let restoreClock: () => void;
      let clock: ManualClock;
      beforeEach(() => {
        clock = new ManualClock();
        restoreClock = setClockForTests(clock);
      });
      afterEach(() => restoreClock());

      it("answers 429 THROTTLED with Retry-After after 10 failures, until the block ends", async () => {
        for (let i = 0; i < 10; i++)
          expect((await login("bob", "wrong password, again", { ip: "192.0.2.52" })).status).toBe(401);
        const refused = await login("bob", PASSWORD, { ip: "192.0.2.52" });
        expect(refused.status).toBe(429);
        const body = (await refused.json()) as { error: { code: string; message: string; retryAfterSeconds: number } };
        expect(body.error.code).toBe("THROTTLED");
        expect(body.error.retryAfterSeconds).toBeGreaterThan(0);
        expect(body.error.retryAfterSeconds).toBeLessThanOrEqual(900);
        expect(refused.headers.get("retry-after")).toBe(String(body.error.retryAfterSeconds));
        expect(body.error.message).toMatch(/Wait \d+ minutes?, then try again/);
        clock.advance(body.error.retryAfterSeconds * 1000);
        expect((await login("bob", PASSWORD, { ip: "192.0.2.52" })).status).toBe(200);
      });
    });
  });

  describe("sessions through the routes", () => {
    it("GET /api/me answers 401 UNAUTHENTICATED without a (valid) cookie", async () => {
      for (const cookie of [undefined, "kbp_session=forged", "other=1"]) {
        const response = await me(cookie);
        expect(response.status).toBe(401);
        expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
      }
    });

    it("logs out with 204 and a cleared cookie; the old cookie is then refused", async () => {
      const cookie = cookieFrom(await login("bob", PASSWORD));
      const response = await logoutRoute(apiRequest("POST", "/api/auth/logout", { cookie }), ctx);
      expect(response.status).toBe(204);
      const [cleared] = response.headers.getSetCookie();
      expect(cleared).toMatch(/^kbp_session=;/);
      expect(cleared).toMatch(/Max-Age=0/i);
      expect((await me(cookie)).status).toBe(401);
      expect((await logoutRoute(apiRequest("POST", "/api/auth/logout", { cookie }), ctx)).status).toBe(401);
    });

    it("ends a disabled user's sessions and a reset password's old sessions at once", async () => {
      const patch = (id: string, body: unknown) =>
        updateUserRoute(apiRequest("PATCH", `/api/users/${id}`, { cookie: adminCookie, body }), routeContext({ id }));
      const carol = await addTestUser(t.db, {
        username: "carol",
        role: "viewer",
        passwordHash: await hashPassword(PASSWORD),
      });
      const before = cookieFrom(await login("carol", PASSWORD));
      expect((await patch(carol.id, { disabled: true })).status).toBe(200);
      expect((await me(before)).status).toBe(401);
      expect((await login("carol", PASSWORD)).status).toBe(401);
      expect((await patch(carol.id, { disabled: false })).status).toBe(200);

      const again = cookieFrom(await login("carol", PASSWORD));
      const reset = await patch(carol.id, { password: NEW_PASSWORD });
      expect(reset.status).toBe(200);
      expect((await me(again)).status).toBe(401);
      expect((await login("carol", PASSWORD)).status).toBe(401);
      expect((await login("carol", NEW_PASSWORD)).status).toBe(200);
      await clearThrottle(t.db, "user:carol");
    });
  });

  describe("users routes", () => {
    it("lists users without any hash", async () => {
      const response = await listUsersRoute(apiRequest("GET", "/api/users", { cookie: adminCookie }), ctx);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toMatch(/scrypt|password_?hash|passwordHash/i);
      const { users } = JSON.parse(text) as { users: { username: string; role: string; disabled: boolean }[] };
      expect(users.map((user) => user.username)).toEqual(expect.arrayContaining(["root", "bob", "dora"]));
      expect(Object.keys(users[0]!).sort()).toEqual([
        "createdAt",
        "disabled",
        "id",
        "mustChangePassword",
        "passwordChangedAt",
        "role",
        "updatedAt",
        "username",
      ]);
    });

    it("creates a user (201), refuses a taken name (409) and a weak password (400 with the field)", async () => {
      const create = (body: unknown) =>
        createUserRoute(apiRequest("POST", "/api/users", { cookie: adminCookie, body }), ctx);
      const created = await create({ username: "erin", role: "operator", password: PASSWORD });
      expect(created.status).toBe(201);
      expect((await created.json()).user).toMatchObject({ username: "erin", role: "operator", disabled: false });
      expect((await login("erin", PASSWORD)).status).toBe(200);
      expect((await create({ username: "ERIN", role: "viewer", password: PASSWORD })).status).toBe(409);
      const weak = await create({ username: "fred", role: "viewer", password: "fredfredfred" });
      expect(weak.status).toBe(400);
      const body = (await weak.json()) as { error: { message: string; fields: Record<string, string[]> } };
      expect(body.error.fields.password?.[0]).toMatch(/guess|common/);
      const invalid = await create({ username: "has space", role: "boss", password: "short" });
      expect(invalid.status).toBe(400);
      expect(Object.keys(((await invalid.json()) as { error: { fields: object } }).error.fields).sort()).toEqual([
        "password",
        "role",
        "username",
      ]);
    });

    it("refuses to demote or disable the last enabled admin (409) and an empty change (400)", async () => {
      const patch = (body: unknown) =>
        updateUserRoute(
          apiRequest("PATCH", `/api/users/${admin.id}`, { cookie: adminCookie, body }),
          routeContext({ id: admin.id }),
        );
      const demote = await patch({ role: "operator" });
      expect(demote.status).toBe(409);
      expect((await demote.json()).error.code).toBe("CONFLICT");
      expect((await patch({ disabled: true })).status).toBe(409);
      expect((await patch({})).status).toBe(400);
      expect((await me(adminCookie)).status).toBe(200);
    });

    it("answers 404 for an unknown user id", async () => {
      const response = await updateUserRoute(
        apiRequest("PATCH", "/api/users/nope", { cookie: adminCookie, body: { role: "viewer" } }),
        routeContext({ id: "nope" }),
      );
      expect(response.status).toBe(404);
    });
  });

  describe("GET /api/audit", () => {
    it("pages the log newest first, and refuses a bad cursor or limit", async () => {
      const audit = (query: string) =>
        auditRoute(apiRequest("GET", `/api/audit${query}`, { cookie: adminCookie }), ctx);
      const first = await audit("?limit=2");
      expect(first.status).toBe(200);
      const page = (await first.json()) as { items: { at: string; action: string }[]; nextCursor: string };
      expect(page.items).toHaveLength(2);
      expect(page.items[0]!.at >= page.items[1]!.at).toBe(true);
      const next = (await (
        await audit(`?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`)
      ).json()) as typeof page;
      expect(next.items[0]!.at <= page.items[1]!.at).toBe(true);
      expect((await audit("?cursor=bogus")).status).toBe(400);
      expect((await audit("?limit=0")).status).toBe(400);
      expect((await audit("?limit=abc")).status).toBe(400);
    });
  });
});

describe.each(TEST_DATABASES)("POST /api/setup on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreDb: () => void;
  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    restoreDb = overrideDbForTests(t.db);
  });
  afterAll(async () => {
    restoreDb?.();
    await t?.close();
  });

  it("creates the first admin once; a second use is refused", async () => {
    const token = new URL((await issueSetupLink({ db: t.db, baseUrl: "http://portal.test/" }))!).searchParams.get(
      "token",
    )!;
    const setup = (username: string) =>
      setupRoute(apiRequest("POST", "/api/setup", { body: { token, username, password: PASSWORD } }), ctx);
    const created = await setup("first.admin");
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ user: { username: "first.admin", role: "admin" } });
    const again = await setup("second.admin");
    expect(again.status).toBe(403);
    expect((await again.json()).error.code).toBe("FORBIDDEN");
    expect((await login("first.admin", PASSWORD)).status).toBe(200);
  });
});
