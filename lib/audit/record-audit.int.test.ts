import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { setClockForTests } from "@/lib/clock";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { AppError } from "@/lib/errors";
import { captureLogs, prepareAuthTestEnv } from "@/lib/test-support/auth";
import { ManualClock } from "@/lib/test-support/manual-clock";

import { listAudit } from "./list-audit";
import { recordAudit } from "./record-audit";

describe.each(TEST_DATABASES)("the audit log on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreClock: () => void;
  let clock: ManualClock;
  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    clock = new ManualClock("2026-04-01T10:00:00.000Z");
    restoreClock = setClockForTests(clock);
  });
  afterAll(async () => {
    restoreClock();
    await t?.close();
  });
  afterEach(() => clock.advance(1000));

  it("records actor, address, target, outcome and detail, stamped by the auth clock, and logs a line", async () => {
    const logs = captureLogs();
    try {
      const event = await recordAudit({
        db: t.db,
        actor: { id: "u1", username: "root", clientIp: "192.0.2.1" },
        action: "user.role_changed",
        target: { type: "user", id: "u2", label: "erin" },
        outcome: "success",
        detail: { from: "viewer", to: "operator" },
      });
      expect(event).toMatchObject({
        at: "2026-04-01T10:00:00.000Z",
        actor: "root",
        actorUserId: "u1",
        clientIp: "192.0.2.1",
        action: "user.role_changed",
        targetType: "user",
        targetId: "u2",
        targetLabel: "erin",
        outcome: "success",
        detail: { from: "viewer", to: "operator" },
      });
      const line = JSON.parse(logs.lines[0]!) as Record<string, unknown>;
      expect(line).toMatchObject({ event: "audit", action: "user.role_changed", outcome: "success", actor: "root" });
    } finally {
      logs.restore();
    }
  });

  it("takes events without actor or target, and redacts a secret put in detail by mistake", async () => {
    const event = await recordAudit({
      db: t.db,
      actor: null,
      action: "auth.login",
      outcome: "failure",
      detail: { password: "oops-a-secret" },
    });
    expect(event).toMatchObject({ actor: null, actorUserId: null, targetType: null, clientIp: null });
    expect(JSON.stringify(event.detail)).not.toContain("oops-a-secret");
  });

  it("pages newest first with a cursor", async () => {
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      await recordAudit({
        db: t.db,
        actor: null,
        action: "user.enabled",
        outcome: "success",
        target: { type: "user", id: `p${i}` },
      });
    }
    const first = await listAudit({ db: t.db, query: { limit: 2 } });
    expect(first.items.map((item) => item.target?.id)).toEqual(["p2", "p1"]);
    expect(first.items[0]).toMatchObject({ action: "user.enabled", target: { type: "user", id: "p2", label: null } });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await listAudit({ db: t.db, query: { limit: 2, cursor: first.nextCursor! } });
    expect(second.items[0]?.target?.id).toBe("p0");
    const all = await listAudit({ db: t.db, query: { limit: 500 } });
    expect(all.nextCursor).toBeNull();
    expect(all.items).toHaveLength(5);
  });

  it("answers 400 for a cursor it did not hand out", async () => {
    const error = await listAudit({ db: t.db, query: { limit: 2, cursor: "not-a-cursor" } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
  });
});
