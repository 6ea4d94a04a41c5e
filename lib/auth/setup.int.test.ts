import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { setClockForTests } from "@/lib/clock";
import { listAuditEvents } from "@/lib/db/audit-events";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { countUsers, findUserCredentials } from "@/lib/db/users";
import { refusal } from "@/lib/test-support/assertions";
import { captureLogs, overrideDbForTests, prepareAuthTestEnv } from "@/lib/test-support/auth";
import { ManualClock } from "@/lib/test-support/manual-clock";

import { verifyPassword } from "./passwords";
import { announceSetupAtStart, completeSetup, hashSetupToken, issueSetupLink, needsSetup } from "./setup";

const PASSWORD = "violet tractor cinnamon harbor";
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

describe.each(TEST_DATABASES)("first-run setup on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreClock: (() => void) | undefined;
  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    restoreClock?.();
    restoreClock = undefined;
  });

  it("issues a link whose token the database keeps only as a hash", async () => {
    const link = await issueSetupLink({ db: t.db, baseUrl: "https://keys.example.com/" });
    expect(link).toMatch(/^https:\/\/keys\.example\.com\/setup\?token=[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(link!);
    const rows = await t.db.selectFrom("setup_tokens").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((row) => row.token_hash)).toContain(hashSetupToken(token));
  });

  it("refuses an expired link, and one replaced by a newer link", async () => {
    const clock = new ManualClock();
    restoreClock = setClockForTests(clock);
    const old = tokenOf((await issueSetupLink({ db: t.db, baseUrl: "http://localhost:3000/" }))!);
    const expired = await issueSetupLink({ db: t.db, baseUrl: "http://localhost:3000/" });
    const replaced = { token: old, username: "first", password: PASSWORD };
    expect((await refusal(completeSetup({ db: t.db, input: replaced, clientIp: null }))).status).toBe(403);
    clock.advance(24 * 60 * 60_000);
    const late = { token: tokenOf(expired!), username: "first", password: PASSWORD };
    const error = await refusal(completeSetup({ db: t.db, input: late, clientIp: null }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/Restart the portal/);
    expect(await needsSetup(t.db)).toBe(true);
  });

  it("keeps the link usable when the password is refused", async () => {
    const token = tokenOf((await issueSetupLink({ db: t.db, baseUrl: "http://localhost:3000/" }))!);
    const weak = { token, username: "first", password: "first-first-1" };
    expect((await refusal(completeSetup({ db: t.db, input: weak, clientIp: null }))).status).toBe(400);
    const input = { token, username: "first.admin", password: PASSWORD };
    const user = await completeSetup({ db: t.db, input, clientIp: "192.0.2.7" });
    expect(user).toMatchObject({ username: "first.admin", role: "admin", disabled: false });
    expect(await verifyPassword(PASSWORD, (await findUserCredentials(t.db, "first.admin"))?.passwordHash)).toBe(true);
    const actions = (await listAuditEvents(t.db, { limit: 2 })).items.map((event) => [
      event.action,
      event.actor,
      event.clientIp,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ["setup.completed", "first.admin", "192.0.2.7"],
        ["user.created", "first.admin", "192.0.2.7"],
      ]),
    );

    // Single use.
    const second = { token, username: "second", password: PASSWORD };
    const again = await refusal(completeSetup({ db: t.db, input: second, clientIp: null }));
    expect(again.status).toBe(403);
    expect(await countUsers(t.db)).toBe(1);
  });

  it("is closed once a user exists: no new link, and any token is refused", async () => {
    expect(await issueSetupLink({ db: t.db, baseUrl: "http://localhost:3000/" })).toBeNull();
    const intruder = { token: "whatever", username: "intruder", password: PASSWORD };
    const error = await refusal(completeSetup({ db: t.db, input: intruder, clientIp: null }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/already set up/);
  });
});

describe("announceSetupAtStart", () => {
  it("logs one link when no user exists, once per process", async () => {
    prepareAuthTestEnv();
    const { openSqliteTestDb } = await import("@/lib/db/test-databases");
    const t = await openSqliteTestDb();
    const restoreDb = overrideDbForTests(t.db);
    const logs = captureLogs();
    const holder = globalThis as { __keyBackupPortalSetupAnnounced?: Promise<void> };
    delete holder.__keyBackupPortalSetupAnnounced;
    try {
      await announceSetupAtStart();
      await announceSetupAtStart();
      const lines = logs.lines.filter((line) => line.includes('"setup.link"'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/http:\/\/localhost:\d+\/setup\?token=[A-Za-z0-9_-]{43}/);
      expect(await t.db.selectFrom("setup_tokens").select("token_hash").execute()).toHaveLength(1);
    } finally {
      delete holder.__keyBackupPortalSetupAnnounced;
      logs.restore();
      restoreDb();
      await t.close();
    }
  });
});
