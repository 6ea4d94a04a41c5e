import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as healthRoute } from "@/app/api/health/route";
import { createDb } from "@/lib/db/connection";
import { openSqliteTestDb, TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { apiRequest, overrideDbForTests, prepareAuthTestEnv, routeContext } from "@/lib/test-support/auth";

const health = () => healthRoute(apiRequest("GET", "/api/health"), routeContext());

/** A local TCP port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(TEST_DATABASES)("GET /api/health on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreDb: () => void;

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    restoreDb = overrideDbForTests(t.db);
  });
  afterAll(async () => {
    restoreDb();
    await t.close();
  });

  it("answers 200 ok without a session, never cached", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

describe("GET /api/health without a database", () => {
  beforeAll(() => prepareAuthTestEnv());

  async function expectUnavailable(response: Response) {
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "unavailable", database: "unreachable" });
    expect(response.headers.get("cache-control")).toBe("no-store");
  }

  it("answers 503 when PostgreSQL is not listening", async () => {
    const db = createDb({ kind: "postgres", url: `postgres://postgres@127.0.0.1:${await closedPort()}/test` });
    const restore = overrideDbForTests(db);
    try {
      await expectUnavailable(await health());
    } finally {
      restore();
      await db.destroy().catch(() => {});
    }
  });

  it("answers 503 when the database handle fails", async () => {
    const t = await openSqliteTestDb();
    await t.db.destroy();
    const restore = overrideDbForTests(t.db);
    try {
      await expectUnavailable(await health());
    } finally {
      restore();
      await t.close().catch(() => {});
    }
  });
});
