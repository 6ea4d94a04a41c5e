import { describe, expect, it } from "vitest";

import { auditQuerySchema } from "./audit";
import { backupChecksumQuerySchema, backupHistoryFilterSchema, backupListQuerySchema } from "./backup";
import { dateRange, singleParams } from "./pagination";

describe("dateRange", () => {
  it("takes in the whole UTC day of a date `to`, the instant of a date-time", () => {
    expect(dateRange({ from: "2026-05-01", to: "2026-05-01" })).toEqual({
      since: "2026-05-01T00:00:00.000Z",
      before: "2026-05-02T00:00:00.000Z",
    });
    expect(dateRange({ from: "2026-05-01T12:00:00+02:00", to: "2026-05-01T10:00:00Z" })).toEqual({
      since: "2026-05-01T10:00:00.000Z",
      before: "2026-05-01T10:00:00.001Z",
    });
    expect(dateRange({})).toEqual({ since: undefined, before: undefined });
    expect(dateRange({ to: "2026-12-31" }).before).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("history and audit query schemas", () => {
  it("parse each filter, leave empty ones out and default the page size", () => {
    expect(backupListQuerySchema.parse({ status: "failed", username: " olivia ", from: "", to: "2026-05-01" })).toEqual(
      { status: "failed", username: "olivia", to: "2026-05-01", limit: 50 },
    );
    expect(backupListQuerySchema.parse({ format: "csv" })).toEqual({ format: "csv", limit: 50 });
    expect(auditQuerySchema.parse({ actor: "bob", action: "", target: "sys-1", limit: "10" })).toEqual({
      actor: "bob",
      target: "sys-1",
      limit: 10,
    });
  });

  it("refuse an unknown status, a bad date, a range that ends before it starts, an unknown format", () => {
    expect(backupHistoryFilterSchema.safeParse({ status: "done" }).success).toBe(false);
    expect(backupHistoryFilterSchema.safeParse({ from: "2026-02-30" }).success).toBe(false);
    expect(backupHistoryFilterSchema.safeParse({ from: "2026-05-01T10:00:00" }).success).toBe(false);
    const reversed = backupHistoryFilterSchema.safeParse({ from: "2026-05-02", to: "2026-05-01" });
    expect(reversed.error?.issues[0]?.path).toEqual(["to"]);
    expect(backupHistoryFilterSchema.safeParse({ from: "2026-05-01", to: "2026-05-01" }).success).toBe(true);
    expect(auditQuerySchema.safeParse({ format: "xlsx" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: "2026-05-02T00:00:00Z", to: "2026-05-01" }).success).toBe(false);
  });
});

describe("backupChecksumQuerySchema", () => {
  it("takes 64 hex digits in either case, lower-cased", () => {
    expect(backupChecksumQuerySchema.parse({ sha256: "AB".repeat(32) })).toEqual({ sha256: "ab".repeat(32) });
    for (const sha256 of ["", "ab", "zz".repeat(32), "ab".repeat(33)]) {
      expect(backupChecksumQuerySchema.safeParse({ sha256 }).success).toBe(false);
    }
  });
});

describe("singleParams", () => {
  it("keeps the first value of each name", () => {
    expect(singleParams({ a: "1", b: ["2", "3"], c: undefined })).toEqual({ a: "1", b: "2" });
    expect(singleParams(undefined)).toEqual({});
  });
});
