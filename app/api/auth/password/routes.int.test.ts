import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as loginRoute } from "@/app/api/auth/login/route";
import { POST as logoutRoute } from "@/app/api/auth/logout/route";
import { POST as changePasswordRoute } from "@/app/api/auth/password/route";
import { GET as fleetRoute } from "@/app/api/fleet/route";
import { GET as meRoute } from "@/app/api/me/route";
import { GET as systemsRoute } from "@/app/api/systems/route";
import { PATCH as updateUserRoute } from "@/app/api/users/[id]/route";
import { hashPassword } from "@/lib/auth/passwords";
import { listAuditEvents } from "@/lib/db/audit-events";
import { clearThrottle } from "@/lib/db/login-throttle";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { findUserById, type User } from "@/lib/db/users";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import {
  addTestUser,
  apiRequest,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  sessionCookieHeader,
  setCookieValue,
} from "@/lib/test-support/auth";

const PASSWORD = "violet tractor cinnamon harbor";
const TEMPORARY = "lantern quiet meadow orbit";
const OWN = "copper whistle autumn glacier";
const ctx = routeContext();

const login = (username: string, password: string) =>
  loginRoute(
    apiRequest("POST", "/api/auth/login", {
      body: { username, password },
      headers: { "x-forwarded-for": "192.0.2.60" },
    }),
    ctx,
  );
const cookieFrom = (response: Response) => `kbp_session=${encodeURIComponent(setCookieValue(response)!)}`;
const changePassword = (cookie: string | undefined, body: unknown) =>
  changePasswordRoute(
    apiRequest("POST", "/api/auth/password", { cookie, body, headers: { "x-forwarded-for": "192.0.2.60" } }),
    ctx,
  );
const me = (cookie: string) => meRoute(apiRequest("GET", "/api/me", { cookie }), ctx);

async function errorOf(response: Response) {
  return apiErrorSchema.parse(await response.json()).error;
}

describe.each(TEST_DATABASES)("a password reset by an admin, on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreDb: () => void;
  let adminCookie: string;
  let pat: User;

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    restoreDb = overrideDbForTests(t.db);
    const passwordHash = await hashPassword(PASSWORD);
    const admin = await addTestUser(t.db, { username: "root", role: "admin", passwordHash });
    pat = await addTestUser(t.db, { username: "pat", role: "operator", passwordHash });
    adminCookie = await sessionCookieHeader(t.db, admin);
  });
  afterAll(async () => {
    restoreDb?.();
    await t?.close();
  });

  const reset = async (password: string) => {
    const response = await updateUserRoute(
      apiRequest("PATCH", `/api/users/${pat.id}`, { cookie: adminCookie, body: { password } }),
      routeContext({ id: pat.id }),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { user: { mustChangePassword?: boolean } }).user;
  };
  const audit = async (action: string) =>
    (await listAuditEvents(t.db, { limit: 500 })).items.filter((event) => event.action === action);

  it("marks the account, and its next session reaches nothing but the password change (403 elsewhere)", async () => {
    expect((await reset(TEMPORARY)).mustChangePassword).toBe(true);
    expect(await findUserById(t.db, pat.id)).toMatchObject({ mustChangePassword: true });

    const signedIn = await login("pat", TEMPORARY);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ user: { username: "pat", role: "operator", mustChangePassword: true } });
    const cookie = cookieFrom(signedIn);
    const refusals = [
      await me(cookie),
      await systemsRoute(apiRequest("GET", "/api/systems", { cookie }), ctx),
      await fleetRoute(apiRequest("GET", "/api/fleet", { cookie }), ctx),
    ];
    for (const response of refusals) {
      expect(response.status).toBe(403);
      const error = await errorOf(response);
      expect(error.code).toBe("PASSWORD_CHANGE_REQUIRED");
      expect(error.message).toMatch(/Choose a new password/);
    }
    const auditedLogin = (await audit("auth.login")).find((event) => event.targetId === pat.id);
    expect(auditedLogin).toMatchObject({ outcome: "success", detail: { passwordChangeRequired: true } });

    // Signing out stays possible.
    const logout = await logoutRoute(apiRequest("POST", "/api/auth/logout", { cookie }), ctx);
    expect(logout.status).toBe(204);
  });

  it("refuses a wrong current password (audited), a weak new one and the same one, changing nothing", async () => {
    const cookie = cookieFrom(await login("pat", TEMPORARY));
    const wrong = await changePassword(cookie, { currentPassword: PASSWORD, newPassword: OWN });
    expect(wrong.status).toBe(400);
    expect(Object.keys((await errorOf(wrong)).fields ?? {})).toEqual(["currentPassword"]);
    expect((await audit("user.password_changed"))[0]).toMatchObject({
      outcome: "failure",
      actorUserId: pat.id,
      detail: { reason: "wrong_current_password" },
    });

    const weak = await changePassword(cookie, { currentPassword: TEMPORARY, newPassword: "patpatpatpat" });
    expect(weak.status).toBe(400);
    expect(Object.keys((await errorOf(weak)).fields ?? {})).toEqual(["newPassword"]);
    const same = await changePassword(cookie, { currentPassword: TEMPORARY, newPassword: TEMPORARY });
    expect((await errorOf(same)).fields?.newPassword?.[0]).toMatch(/different/);
    const extra = await changePassword(cookie, { currentPassword: TEMPORARY, newPassword: OWN, role: "admin" });
    expect(extra.status).toBe(400);

    expect(await findUserById(t.db, pat.id)).toMatchObject({ mustChangePassword: true });
    expect((await me(cookie)).status).toBe(403);
    expect((await changePassword(undefined, { currentPassword: TEMPORARY, newPassword: OWN })).status).toBe(401);
  });

  it("takes the user's own password: the mark is cleared, other sessions end, and it is audited", async () => {
    const other = cookieFrom(await login("pat", TEMPORARY));
    const cookie = cookieFrom(await login("pat", TEMPORARY));
    const changed = await changePassword(cookie, { currentPassword: TEMPORARY, newPassword: OWN });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ user: { username: "pat", role: "operator" } });

    expect(await findUserById(t.db, pat.id)).toMatchObject({ mustChangePassword: false });
    expect((await me(cookie)).status).toBe(200);
    expect((await systemsRoute(apiRequest("GET", "/api/systems", { cookie }), ctx)).status).toBe(200);
    expect((await me(other)).status).toBe(401);
    const success = (await audit("user.password_changed")).find((event) => event.outcome === "success");
    expect(success).toMatchObject({ actor: "pat", targetId: pat.id, detail: { afterReset: true } });
    expect(success?.detail?.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(await audit("user.password_changed"))).not.toContain(OWN);

    expect((await login("pat", TEMPORARY)).status).toBe(401);
    await clearThrottle(t.db, "ip:192.0.2.60");
    const again = await login("pat", OWN);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ user: { username: "pat", role: "operator" } });
  });

  it("lets any signed-in user change their own password, without a reset", async () => {
    const cookie = cookieFrom(await login("pat", OWN));
    const changed = await changePassword(cookie, { currentPassword: OWN, newPassword: PASSWORD });
    expect(changed.status).toBe(200);
    expect((await me(cookie)).status).toBe(200);
    const latest = (await audit("user.password_changed")).find((event) => event.outcome === "success");
    expect(latest).toMatchObject({ detail: { afterReset: false } });
  });
});
