import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { appendAuditEvent, listAuditEvents, type AuditFilter } from "./audit-events";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";

describe.each(TEST_DATABASES)("audit log filters on $kind", ({ open }) => {
  let t: TestDatabase;
  const idOf: Record<string, string> = {};

  beforeAll(async () => {
    t = await open();
    const events: [string, string | null, string, string | null, string | null, string][] = [
      // [name, actor, action, targetId, targetLabel, at]
      ["e1", "alice", "auth.login", null, null, "2026-05-01T08:00:00.000Z"],
      ["e2", "alice", "backup.run", "sys-1", "E990 lab", "2026-05-01T09:00:00.000Z"],
      ["e3", "bob", "backup.run", "sys-2", "5500 prod", "2026-05-02T09:00:00.000Z"],
      ["e4", "bob", "system.update", "sys-1", "E990 lab", "2026-05-02T23:59:59.999Z"],
      ["e5", null, "system.interrupted", "sys-1", "E990 lab", "2026-05-03T00:00:00.000Z"],
      ["e6", "alice", "backup.run", "sys-1", "E990 lab", "2026-05-03T10:00:00.000Z"],
    ];
    for (const [name, actor, action, targetId, targetLabel, at] of events) {
      const event = await appendAuditEvent(t.db, {
        at,
        actor,
        action,
        outcome: "success",
        targetType: targetId ? "system" : null,
        targetId,
        targetLabel,
      });
      idOf[name] = event.id;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const names = async (filter: AuditFilter, limit = 50) => {
    const byId = Object.fromEntries(Object.entries(idOf).map(([name, id]) => [id, name]));
    return (await listAuditEvents(t.db, { limit, ...filter })).items.map((event) => byId[event.id]);
  };

  it("filters by actor, action, target (id or label) and time, each alone", async () => {
    expect(await names({ actor: "bob" })).toEqual(["e4", "e3"]);
    expect(await names({ action: "backup.run" })).toEqual(["e6", "e3", "e2"]);
    expect(await names({ target: "sys-1" })).toEqual(["e6", "e5", "e4", "e2"]);
    expect(await names({ target: "5500 prod" })).toEqual(["e3"]);
    expect(await names({ since: "2026-05-02T00:00:00.000Z", before: "2026-05-03T00:00:00.000Z" })).toEqual([
      "e4",
      "e3",
    ]);
  });

  it("combines them and pages the filtered log by keyset", async () => {
    expect(await names({ actor: "alice", action: "backup.run", target: "E990 lab" })).toEqual(["e6", "e2"]);
    const first = await listAuditEvents(t.db, { limit: 1, target: "sys-1", before: "2026-05-03T05:00:00.000Z" });
    expect(first.items.map((event) => event.id)).toEqual([idOf.e5]);
    const second = await listAuditEvents(t.db, {
      limit: 2,
      cursor: first.nextCursor!,
      target: "sys-1",
      before: "2026-05-03T05:00:00.000Z",
    });
    expect(second.items.map((event) => event.id)).toEqual([idOf.e4, idOf.e2]);
    expect(second.nextCursor).toBeNull();
  });
});
