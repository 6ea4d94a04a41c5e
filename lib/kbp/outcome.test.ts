import { describe, expect, it } from "vitest";

import { fileNameFrom } from "./backup";
import { checkReceived, checkVerification, EXIT, logLine, outcomeOfPortalError } from "./outcome";

const SHA = "a".repeat(64);
const OTHER = "b".repeat(64);
const ID = "0b6f7e4e-5d7c-4d0a-9a61-3c1d1b7b1b7b";

describe("exit codes", () => {
  it("are the documented ones", () => {
    expect(EXIT).toEqual({ done: 0, attention: 1, usage: 2, portal: 3, array: 4, transfer: 5, verification: 6 });
  });

  it.each([
    ["UNAUTHENTICATED", "portal"],
    ["FORBIDDEN", "portal"],
    ["NOT_FOUND", "portal"],
    ["BACKUP_IN_PROGRESS", "portal"],
    ["THROTTLED", "portal"],
    ["VALIDATION_FAILED", "portal"],
    ["SHUTTING_DOWN", "portal"],
    ["STORAGE_AUTH_FAILED", "array"],
    ["STORAGE_PERMISSION_DENIED", "array"],
    ["STORAGE_LOCKED", "array"],
    ["STORAGE_BUSY", "array"],
    ["STORAGE_UNREACHABLE", "array"],
    ["MICROCODE_UNSUPPORTED", "array"],
  ])("%s is refused by the %s", (code, outcome) => {
    expect(outcomeOfPortalError(code)).toBe(outcome);
  });

  it("the log line carries the exit code of its outcome", () => {
    expect(JSON.parse(logLine({ outcome: "array", system: "E990", code: "STORAGE_AUTH_FAILED" }))).toEqual({
      event: "kbp.backup",
      outcome: "array",
      exitCode: 4,
      system: "E990",
      code: "STORAGE_AUTH_FAILED",
    });
  });
});

describe("the checks before a file is kept", () => {
  const record = { status: "succeeded", bytes: 10, sha256: SHA };

  it("keep a whole file that matches the record", () => {
    expect(checkReceived({ bytes: 10, sha256: SHA, expectedBytes: 10 }, record)).toBeUndefined();
    expect(checkReceived({ bytes: 10, sha256: SHA }, { ...record, sha256: SHA.toUpperCase() })).toBeUndefined();
    expect(checkVerification("verified")).toBeUndefined();
  });

  it("call a short body or an unfinished backup a transfer failure", () => {
    expect(checkReceived({ bytes: 9, sha256: SHA, expectedBytes: 10 }, record)).toMatchObject({
      outcome: "transfer",
      code: "SHORT_BODY",
    });
    expect(checkReceived({ bytes: 10, sha256: SHA }, { ...record, status: "failed" })).toMatchObject({
      outcome: "transfer",
    });
  });

  it("call a size or SHA-256 unlike the record, or a check not verified, a verification failure", () => {
    expect(checkReceived({ bytes: 11, sha256: SHA }, record)).toMatchObject({
      outcome: "verification",
      code: "SIZE_MISMATCH",
    });
    expect(checkReceived({ bytes: 10, sha256: OTHER }, record)).toMatchObject({
      outcome: "verification",
      code: "SHA256_MISMATCH",
    });
    expect(checkReceived({ bytes: 10, sha256: SHA }, { ...record, sha256: null })).toMatchObject({
      outcome: "verification",
    });
    expect(checkVerification("mismatch")).toMatchObject({ outcome: "verification", code: "NOT_VERIFIED" });
  });
});

describe("fileNameFrom", () => {
  it("takes the UTF-8 name, else the plain one", () => {
    expect(fileNameFrom(`attachment; filename="E990_1.bin"; filename*=UTF-8''E990%E2%80%931.bin`, ID)).toBe(
      "E990\u20131.bin",
    );
    expect(fileNameFrom(`attachment; filename="E990_1.bin"`, ID)).toBe("E990_1.bin");
  });

  it.each([
    [`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`, "passwd"],
    [`attachment; filename="..\\\\x\\\\evil.bin"`, "evil.bin"],
    [`attachment; filename=".hidden"`, `backup-${ID}.bin`],
    [`attachment; filename*=UTF-8''%E0%A4%A`, `backup-${ID}.bin`],
    [null, `backup-${ID}.bin`],
  ])("keeps only a safe base name of %j", (header, name) => {
    expect(fileNameFrom(header, ID)).toBe(name);
  });
});
