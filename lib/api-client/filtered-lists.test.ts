import { afterEach, describe, expect, it, vi } from "vitest";

import { auditCsvHref, auditQueryKey, fetchAuditPage } from "./audit";
import {
  backupHistoryCsvHref,
  backupHistoryQueryKey,
  fetchBackupPage,
  findBackupsByChecksum,
  historyFilterParams,
} from "./backups";

function stubJson(body: unknown) {
  const fetchMock = vi.fn(async () => Response.json(body));
  vi.stubGlobal("fetch", fetchMock);
  return () => (fetchMock.mock.calls[0] as unknown as [string])[0];
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("filtered history and audit calls", () => {
  it("send the filters, the page size and the cursor", async () => {
    let url = stubJson({ items: [], nextCursor: null });
    await fetchBackupPage("s 1", "c1", { status: "failed", username: "o&o", from: "2026-05-01" });
    expect(url()).toBe("/api/systems/s%201/backups?status=failed&username=o%26o&from=2026-05-01&limit=50&cursor=c1");
    url = stubJson({ items: [], nextCursor: null });
    await fetchAuditPage(null, { actor: "bob", to: "2026-05-02" });
    expect(url()).toBe("/api/audit?actor=bob&to=2026-05-02&limit=50");
  });

  it("link the CSV exports of the current filters", () => {
    expect(backupHistoryCsvHref("s1", { status: "succeeded", to: "2026-05-02" })).toBe(
      "/api/systems/s1/backups?status=succeeded&to=2026-05-02&format=csv",
    );
    expect(backupHistoryCsvHref("s1")).toBe("/api/systems/s1/backups?format=csv");
    expect(auditCsvHref({ action: "backup.run", target: "E990 lab" })).toBe(
      "/api/audit?action=backup.run&target=E990+lab&format=csv",
    );
  });

  it("key each filtered view apart, under the prefix a finished backup invalidates", () => {
    const key = backupHistoryQueryKey("s1", { status: "failed" });
    expect(key.slice(0, -1)).toEqual([...backupHistoryQueryKey("s1")]);
    expect(auditQueryKey({ actor: "bob" })).not.toEqual(auditQueryKey({}));
    expect(historyFilterParams({ username: "" }).toString()).toBe("");
  });

  it("look a checksum up", async () => {
    const match = {
      backupId: "b1",
      systemId: "s1",
      systemName: "E990",
      startedAt: "2026-05-01T10:00:00.000Z",
      finishedAt: null,
      username: "olivia",
      bytes: 1,
      fileName: null,
    };
    const url = stubJson({ backups: [match] });
    expect(await findBackupsByChecksum("ab".repeat(32))).toEqual([match]);
    expect(url()).toBe(`/api/backups?sha256=${"ab".repeat(32)}`);
  });
});
