import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { expectAppError } from "@/lib/test-support/assertions";

import { appendAuditEvent, listAuditEvents, type AuditEvent } from "./audit-events";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";

const at = (second: number) => new Date(Date.UTC(2026, 4, 1, 9, 0, second)).toISOString();

describe.each(TEST_DATABASES)("audit events on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  const appended: AuditEvent[] = [];
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("appends an event and reads it back", async () => {
    const event = await appendAuditEvent(t.db, {
      at: at(0),
      actor: "alice",
      actorUserId: "u-1",
      clientIp: "203.0.113.5",
      action: "auth.login",
      outcome: "success",
      detail: { method: "password" },
    });
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      at: at(0),
      actor: "alice",
      actorUserId: "u-1",
      clientIp: "203.0.113.5",
      action: "auth.login",
      targetType: null,
      targetId: null,
      targetLabel: null,
      outcome: "success",
      detail: { method: "password" },
    });
    expect((await listAuditEvents(t.db, { limit: 10 })).items).toEqual([event]);
    appended.push(event);
  });

  it("redacts detail fields whose names say they hold a secret", async () => {
    const event = await appendAuditEvent(t.db, {
      at: at(1),
      action: "backup.run",
      outcome: "failure",
      targetType: "storage-system",
      targetId: "s-1",
      targetLabel: "VSP E990 lab",
      detail: {
        backupPassword: "Secret#123",
        nested: { storage_password: "pw", token: "t" },
        passwordPolicy: { minLength: 8 },
      },
    });
    expect(event.detail).toEqual({
      backupPassword: "[redacted]",
      nested: { storage_password: "[redacted]", token: "[redacted]" },
      passwordPolicy: { minLength: 8 },
    });
    const stored = await t.db
      .selectFrom("audit_events")
      .select("detail")
      .where("id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(stored.detail).not.toContain("Secret#123");
    appended.push(event);
  });

  it("pages newest first with a cursor, ties broken by id", async () => {
    // Two more events in the same millisecond as the previous one, then later ones.
    for (const second of [1, 1, 2, 3, 4]) {
      appended.push(await appendAuditEvent(t.db, { at: at(second), action: "test.event", outcome: "success" }));
    }
    const expected = [...appended].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));

    const seen: AuditEvent[] = [];
    let before: string | undefined;
    const pageSizes: number[] = [];
    do {
      const page = await listAuditEvents(t.db, { limit: 2, cursor: before });
      pageSizes.push(page.items.length);
      seen.push(...page.items);
      before = page.nextCursor ?? undefined;
    } while (before !== undefined);
    expect(pageSizes).toEqual([2, 2, 2, 1]);
    expect(seen.map((event) => event.id)).toEqual(expected.map((event) => event.id));

    // An event appended while paging does not shift older pages.
    const first = await listAuditEvents(t.db, { limit: 3 });
    await appendAuditEvent(t.db, { at: at(5), action: "test.late", outcome: "denied" });
    const second = await listAuditEvents(t.db, { limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((event) => event.id)).toEqual(expected.slice(3, 6).map((event) => event.id));
  });

  it("refuses a cursor it did not hand out", async () => {
    await expectAppError(listAuditEvents(t.db, { limit: 5, cursor: "not-a-cursor" }), "VALIDATION_FAILED", 400);
  });

  it("refuses UPDATE and DELETE in the database itself", async () => {
    const count = async () => (await t.db.selectFrom("audit_events").select("id").execute()).length;
    const before = await count();
    const target = appended[0]!;
    await expect(
      t.db.updateTable("audit_events").set({ outcome: "failure" }).where("id", "=", target.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom("audit_events").where("id", "=", target.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
    if (kind === "postgres") {
      await expect(sql`truncate audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
    }
    expect(await count()).toBe(before);
    const row = await t.db
      .selectFrom("audit_events")
      .select("outcome")
      .where("id", "=", target.id)
      .executeTakeFirstOrThrow();
    expect(row.outcome).toBe("success");
  });
});
