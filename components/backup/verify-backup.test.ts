import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

import type { BackupItem } from "@/lib/schemas/backup";

import { compareWithRecord, sha256Hex, verifyBackup } from "./verify-backup";

const FILE = new TextEncoder().encode("encrypted key file");
const SHA = createHash("sha256").update(FILE).digest("hex");

function row(overrides: Partial<BackupItem> = {}): BackupItem {
  return {
    id: "b-1",
    systemId: "s-1",
    startedAt: "2026-05-01T10:00:00.000Z",
    finishedAt: "2026-05-01T10:00:01.000Z",
    username: "op",
    status: "succeeded",
    bytes: FILE.byteLength,
    sha256: SHA,
    fileName: "x.ekf",
    durationMs: 1000,
    model: "VSP E990",
    serialNumber: 412345,
    microcode: "93-07-01-80/00",
    error: null,
    ...overrides,
  };
}

describe("compareWithRecord", () => {
  it("verifies a matching checksum and size of a succeeded backup, in any case of hex", () => {
    expect(compareWithRecord(SHA.toUpperCase(), FILE.byteLength, row()).kind).toBe("verified");
  });
  it("refuses a different checksum", () => {
    expect(compareWithRecord("0".repeat(64), FILE.byteLength, row())).toMatchObject({ kind: "mismatch" });
  });
  it("refuses a different size", () => {
    expect(compareWithRecord(SHA, FILE.byteLength + 1, row())).toMatchObject({ kind: "mismatch" });
  });
  it("refuses a backup not recorded as succeeded, or without a checksum", () => {
    expect(compareWithRecord(SHA, FILE.byteLength, row({ status: "failed" }))).toMatchObject({ kind: "mismatch" });
    expect(compareWithRecord(SHA, FILE.byteLength, row({ sha256: null }))).toMatchObject({ kind: "mismatch" });
  });
});

describe("sha256Hex", () => {
  it("matches node's SHA-256", async () => {
    expect(await sha256Hex(FILE.slice().buffer)).toBe(SHA);
  });
});

describe("verifyBackup", () => {
  const backup = { backupId: "b-1", blob: new Blob([FILE]), bytes: FILE.byteLength };

  it("hashes the blob and compares it with the record", async () => {
    const load = vi.fn().mockResolvedValue(row());
    expect(await verifyBackup("s-1", backup, load)).toMatchObject({ kind: "verified", sha256: SHA });
    expect(load).toHaveBeenCalledWith("s-1", "b-1");
  });

  it("waits briefly for a record still running", async () => {
    const load = vi
      .fn()
      .mockResolvedValueOnce(row({ status: "running", sha256: null }))
      .mockResolvedValue(row());
    expect(await verifyBackup("s-1", backup, load)).toMatchObject({ kind: "verified" });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("says when the record cannot be read", async () => {
    const load = vi.fn().mockRejectedValue(new Error("offline"));
    expect(await verifyBackup("s-1", backup, load)).toMatchObject({ kind: "unverifiable", sha256: SHA });
  });
});
