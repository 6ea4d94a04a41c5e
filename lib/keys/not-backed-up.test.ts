import { describe, expect, it } from "vitest";

import { findNotBackedUp } from "./not-backed-up";

const key = (keyId: number, createdTime: string | undefined, numOfBackups: number | undefined) => ({
  keyId,
  keyType: keyId % 2 === 0 ? "DEK" : "FREE",
  createdTime,
  numOfBackups,
});

describe("findNotBackedUp", () => {
  const keys = [
    key(3, "2025-01-03T00:00:00Z", 2),
    key(0, "2025-01-01T00:00:00Z", 0),
    key(1, "2025-01-05T00:00:00Z", 1),
    key(2, undefined, undefined),
    key(4, "not a time", 1),
  ];

  it("finds keys with no backup counted, and keys created after the last success", () => {
    const findings = findNotBackedUp(keys, "2025-01-04T00:00:00.000Z");
    expect(findings.keyCount).toBe(5);
    expect(findings.newestKeyCreatedAt).toBe("2025-01-05T00:00:00Z");
    expect(findings.notBackedUp).toEqual([
      { keyId: 0, keyType: "DEK", createdTime: "2025-01-01T00:00:00Z", numOfBackups: 0 },
      { keyId: 1, keyType: "FREE", createdTime: "2025-01-05T00:00:00Z", numOfBackups: 1 },
    ]);
  });

  it("without a successful backup, goes by numOfBackups only", () => {
    expect(findNotBackedUp(keys, null).notBackedUp.map((found) => found.keyId)).toEqual([0]);
  });

  it("a key created at the very time of the last success counts as backed up", () => {
    expect(findNotBackedUp([key(0, "2025-01-04T00:00:00Z", 1)], "2025-01-04T00:00:00.000Z").notBackedUp).toEqual([]);
  });

  it("answers an empty system", () => {
    expect(findNotBackedUp([], null)).toEqual({ keyCount: 0, newestKeyCreatedAt: null, notBackedUp: [] });
  });
});
