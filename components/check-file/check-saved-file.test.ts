import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

import type { ChecksumMatch } from "@/lib/schemas/backup";

import { checkSavedFile, fileCheckTitle } from "./check-saved-file";

const BYTES = new TextEncoder().encode("encrypted key file");
const SHA = createHash("sha256").update(BYTES).digest("hex");
const file = { name: "E990.ekf", arrayBuffer: async () => BYTES.buffer.slice(0) as ArrayBuffer };
const MATCH: ChecksumMatch = {
  backupId: "b1",
  systemId: "s1",
  systemName: "E990 lab",
  startedAt: "2026-05-01T10:00:00.000Z",
  finishedAt: "2026-05-01T10:00:02.000Z",
  username: "olivia",
  bytes: BYTES.length,
  fileName: "E990.ekf",
};

describe("checkSavedFile", () => {
  it("hashes the file in the browser and asks only with its SHA-256", async () => {
    const lookup = vi.fn(async () => [MATCH]);
    const check = await checkSavedFile(file, lookup);
    expect(lookup).toHaveBeenCalledWith(SHA);
    expect(check).toEqual({ kind: "match", fileName: "E990.ekf", sha256: SHA, matches: [MATCH] });
    expect(fileCheckTitle(check)).toBe("“E990.ekf” is a backup the portal recorded.");
    expect(fileCheckTitle({ ...check, matches: [MATCH, MATCH] } as typeof check)).toBe(
      "“E990.ekf” matches 2 backups the portal recorded.",
    );
  });

  it("says when no recorded backup matches", async () => {
    const check = await checkSavedFile(file, async () => []);
    expect(check).toEqual({ kind: "no-match", fileName: "E990.ekf", sha256: SHA });
    expect(fileCheckTitle(check)).toBe("“E990.ekf” matches no backup the portal recorded.");
  });

  it("does not ask when the browser cannot hash (no Web Crypto)", async () => {
    const lookup = vi.fn(async () => [MATCH]);
    vi.stubGlobal("crypto", {});
    try {
      expect(await checkSavedFile(file, lookup)).toEqual({ kind: "unhashable", fileName: "E990.ekf" });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(lookup).not.toHaveBeenCalled();
  });

  it("passes the portal's refusal on", async () => {
    await expect(checkSavedFile(file, async () => Promise.reject(new Error("403")))).rejects.toThrow("403");
  });
});
