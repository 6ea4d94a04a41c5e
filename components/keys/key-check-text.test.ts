import { describe, expect, it } from "vitest";

import type { CheckedKey } from "@/lib/schemas/key-check";

import { backupsText, keyCheckSummary, keysText, truncationText } from "./key-check-text";

const KEY: CheckedKey = { keyId: 7, keyType: "DEK", createdTime: "2026-05-01T10:00:00Z", numOfBackups: 0 };

describe("keysText", () => {
  it("counts keys", () => {
    expect(keysText(1)).toBe("1 key");
    expect(keysText(0)).toBe("0 keys");
    expect(keysText(4096)).toBe("4,096 keys");
  });
});

describe("keyCheckSummary", () => {
  it("says whether every key is backed up", () => {
    expect(keyCheckSummary({ keyCount: 120, notBackedUpCount: 0 })).toBe("All 120 keys are backed up.");
    expect(keyCheckSummary({ keyCount: 1, notBackedUpCount: 0 })).toBe("The one key is backed up.");
    expect(keyCheckSummary({ keyCount: 0, notBackedUpCount: 0 })).toBe("The system reported no encryption keys.");
  });

  it("says how many are not", () => {
    expect(keyCheckSummary({ keyCount: 120, notBackedUpCount: 3 })).toBe("3 of 120 keys are not backed up.");
    expect(keyCheckSummary({ keyCount: 120, notBackedUpCount: 1 })).toBe("1 of 120 keys is not backed up.");
  });
});

describe("truncationText", () => {
  it("is silent when every key not backed up is listed", () => {
    expect(truncationText({ notBackedUp: [KEY], notBackedUpCount: 1 })).toBeNull();
    expect(truncationText({ notBackedUp: [], notBackedUpCount: 0 })).toBeNull();
  });

  it("says when the list is cut short", () => {
    const listed = Array.from({ length: 1000 }, (_, keyId) => ({ ...KEY, keyId }));
    expect(truncationText({ notBackedUp: listed, notBackedUpCount: 1500 })).toBe(
      "Showing the first 1,000 of 1,500 keys not backed up.",
    );
  });
});

describe("backupsText", () => {
  it("shows the array's count, or that it gave none", () => {
    expect(backupsText({ numOfBackups: 0 })).toBe("0");
    expect(backupsText({ numOfBackups: 2 })).toBe("2");
    expect(backupsText({ numOfBackups: null })).toBe("Not reported");
  });
});
