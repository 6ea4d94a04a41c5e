import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as loginRoute } from "@/app/api/auth/login/route";
import { POST as logoutRoute } from "@/app/api/auth/logout/route";
import { POST as setupRoute } from "@/app/api/setup/route";
import { PATCH as updateUserRoute } from "@/app/api/users/[id]/route";
import { POST as createUserRoute } from "@/app/api/users/route";
import { unsealSessionId } from "@/lib/auth/sessions";
import { issueSetupLink } from "@/lib/auth/setup";
import { dialectOf } from "@/lib/db/dialect";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import {
  apiRequest,
  captureLogs,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  setCookieValue,
} from "@/lib/test-support/auth";

const SECRETS = {
  admin: "first admin gold harbor ladder",
  wrong: "a wrong guess orchard violet",
  erin: "erin initial cobalt meadow lamp",
  weak: "erinerinerin1",
  reset: "erin second tulip granite river",
};

async function allTextValues(t: TestDatabase): Promise<string[]> {
  const tables =
    dialectOf(t.db) === "postgres"
      ? (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
            t.db,
          )
        ).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db)).rows;
  const values: string[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(t.db);
    for (const row of rows) for (const value of Object.values(row)) if (typeof value === "string") values.push(value);
  }
  return values;
}

describe.each(TEST_DATABASES)("no secret at rest or in the logs on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreDb: () => void;
  let logs: ReturnType<typeof captureLogs>;
  const credentials: string[] = [];

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    restoreDb = overrideDbForTests(t.db);
    logs = captureLogs();
    const ctx = routeContext();

    const link = (await issueSetupLink({ db: t.db, baseUrl: "http://portal.test/" }))!;
    const token = new URL(link).searchParams.get("token")!;
    credentials.push(token);
    await setupRoute(
      apiRequest("POST", "/api/setup", { body: { token, username: "root", password: SECRETS.admin } }),
      ctx,
    );

    const login = async (username: string, password: string) => {
      const response = await loginRoute(apiRequest("POST", "/api/auth/login", { body: { username, password } }), ctx);
      const sealed = setCookieValue(response);
      if (sealed) credentials.push(sealed, (await unsealSessionId(sealed))!);
      return sealed && `kbp_session=${encodeURIComponent(sealed)}`;
    };
    expect(await login("root", SECRETS.wrong)).toBeUndefined();
    const admin = (await login("root", SECRETS.admin))!;
    const create = (password: string) =>
      createUserRoute(
        apiRequest("POST", "/api/users", { cookie: admin, body: { username: "erin", role: "operator", password } }),
        ctx,
      );
    expect((await create(SECRETS.weak)).status).toBe(400);
    const created = (await (await create(SECRETS.erin)).json()) as { user: { id: string } };
    const erin = (await login("erin", SECRETS.erin))!;
    const { id } = created.user;
    await updateUserRoute(
      apiRequest("PATCH", `/api/users/${id}`, { cookie: admin, body: { password: SECRETS.reset } }),
      routeContext({ id }),
    );
    const erinAgain = (await login("erin", SECRETS.reset))!;
    await logoutRoute(apiRequest("POST", "/api/auth/logout", { cookie: erinAgain }), ctx);
    expect(erin).toBeDefined();
  });
  afterAll(async () => {
    logs?.restore();
    restoreDb?.();
    await t?.close();
  });

  it("keeps no password, session id, cookie or setup token in any text column", async () => {
    const values = await allTextValues(t);
    expect(values.length).toBeGreaterThan(20);
    for (const secret of [...Object.values(SECRETS), ...credentials]) {
      expect(values.filter((value) => value.includes(secret))).toEqual([]);
    }
  });

  it("stores password hashes as scrypt with the portal's parameters", async () => {
    const rows = await t.db.selectFrom("users").select("password_hash").execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.password_hash).toMatch(/^scrypt\$17\$8\$1\$/);
  });

  it("writes none of them to the logs, which did record the events", async () => {
    const text = logs.text();
    expect(text).toContain('"action":"auth.login"');
    expect(text).toContain('"action":"user.password_reset"');
    for (const secret of [...Object.values(SECRETS), ...credentials]) expect(text).not.toContain(secret);
  });
});
