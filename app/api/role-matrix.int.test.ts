import type { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as auditRoute } from "@/app/api/audit/route";
import { POST as loginRoute } from "@/app/api/auth/login/route";
import { POST as logoutRoute } from "@/app/api/auth/logout/route";
import { GET as meRoute } from "@/app/api/me/route";
import { POST as setupRoute } from "@/app/api/setup/route";
import { PATCH as updateUserRoute } from "@/app/api/users/[id]/route";
import { POST as createUserRoute, GET as listUsersRoute } from "@/app/api/users/route";
import { hashPassword } from "@/lib/auth/passwords";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { findUserByUsername, type User } from "@/lib/db/users";
import type { Role } from "@/lib/schemas/role";
import {
  addTestUser,
  apiRequest,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  sessionCookieHeader,
} from "@/lib/test-support/auth";

const PASSWORD = "violet tractor cinnamon harbor";
type Caller = "signed out" | Role;
const CALLERS: Caller[] = ["signed out", "viewer", "operator", "admin"];

interface RouteCase {
  name: string;
  minimum: Role;
  /** Status when allowed. */
  ok: number;
  call(cookie: string | undefined, caller: Caller): Promise<Response>;
}

describe.each(TEST_DATABASES)("role checks of the account routes on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreDb: () => void;
  const users = {} as Record<Role, User>;
  let target: User;
  let counter = 0;

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    restoreDb = overrideDbForTests(t.db);
    const passwordHash = await hashPassword(PASSWORD);
    for (const role of ["viewer", "operator", "admin"] as const) {
      users[role] = await addTestUser(t.db, { username: `the-${role}`, role, passwordHash });
    }
    target = await addTestUser(t.db, { username: "target", role: "viewer", passwordHash });
  });
  afterAll(async () => {
    restoreDb?.();
    await t?.close();
  });

  const send = (
    handler: (request: NextRequest, context: ReturnType<typeof routeContext>) => Promise<Response>,
    request: NextRequest,
    params = {},
  ) => handler(request, routeContext(params));

  const cases: RouteCase[] = [
    {
      name: "GET /api/me",
      minimum: "viewer",
      ok: 200,
      call: (cookie) => send(meRoute, apiRequest("GET", "/api/me", { cookie })),
    },
    {
      name: "POST /api/auth/logout",
      minimum: "viewer",
      ok: 204,
      call: (cookie) => send(logoutRoute, apiRequest("POST", "/api/auth/logout", { cookie })),
    },
    {
      name: "GET /api/users",
      minimum: "admin",
      ok: 200,
      call: (cookie) => send(listUsersRoute, apiRequest("GET", "/api/users", { cookie })),
    },
    {
      name: "POST /api/users",
      minimum: "admin",
      ok: 201,
      call: (cookie, caller) =>
        send(
          createUserRoute,
          apiRequest("POST", "/api/users", {
            cookie,
            body: { username: `made-by-${caller.replace(" ", "-")}-${++counter}`, role: "viewer", password: PASSWORD },
          }),
        ),
    },
    {
      name: "PATCH /api/users/{id}",
      minimum: "admin",
      ok: 200,
      call: (cookie) =>
        send(updateUserRoute, apiRequest("PATCH", `/api/users/${target.id}`, { cookie, body: { role: "operator" } }), {
          id: target.id,
        }),
    },
    {
      name: "GET /api/audit",
      minimum: "admin",
      ok: 200,
      call: (cookie) => send(auditRoute, apiRequest("GET", "/api/audit", { cookie })),
    },
  ];

  const ROLE_ORDER: Role[] = ["viewer", "operator", "admin"];
  for (const route of cases) {
    for (const caller of CALLERS) {
      const allowed = caller !== "signed out" && ROLE_ORDER.indexOf(caller) >= ROLE_ORDER.indexOf(route.minimum);
      const expected = caller === "signed out" ? 401 : allowed ? route.ok : 403;
      it(`${route.name} as ${caller} → ${expected}`, async () => {
        const cookie = caller === "signed out" ? undefined : await sessionCookieHeader(t.db, users[caller]);
        const response = await route.call(cookie, caller);
        expect(response.status).toBe(expected);
        if (expected === 401) expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
        if (expected === 403) {
          const body = (await response.json()) as { error: { code: string; message: string } };
          expect(body.error.code).toBe("FORBIDDEN");
          expect(body.error.message).toMatch(/Ask an admin/);
        }
      });
    }
  }

  it("a refused create or change leaves the data as it was", async () => {
    expect(await findUserByUsername(t.db, "made-by-operator-1")).toBeUndefined();
    for (const caller of ["signed out", "viewer", "operator"] as const) {
      const made = await t.db
        .selectFrom("users")
        .select("username")
        .where("username", "like", `made-by-${caller.replace(" ", "-")}%`)
        .execute();
      expect(made).toEqual([]);
    }
  });

  it("sign-in and first-run setup need no session", async () => {
    const login = await loginRoute(
      apiRequest("POST", "/api/auth/login", { body: { username: "the-viewer", password: PASSWORD } }),
      routeContext(),
    );
    expect(login.status).toBe(200);
    const setup = await setupRoute(
      apiRequest("POST", "/api/setup", { body: { token: "x".repeat(43), username: "late", password: PASSWORD } }),
      routeContext(),
    );
    // Not 401: it is open, and refuses because the portal is set up already.
    expect(setup.status).toBe(403);
    expect((await setup.json()).error.message).toMatch(/already set up/);
  });
});
