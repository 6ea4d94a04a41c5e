import { describe, expect, it } from "vitest";

import { buildKeyFile, KEY_FILE_MAGIC, readKeyFile } from "./backup-file";
import { backupPasswordViolation } from "./backup-password";

const keys = [
  { keyId: 0, keyType: "DEK" as const, createdTime: "2024-01-15T09:00:00Z" },
  { keyId: 1, keyType: "FREE" as const, createdTime: "2024-01-15T09:01:00Z" },
];

describe("buildKeyFile", () => {
  it("is deterministic, starts with the magic and decrypts with the password only", () => {
    const file = buildKeyFile({ storageDeviceId: "936000412345", keys }, "Passw0rd!");
    expect(buildKeyFile({ storageDeviceId: "936000412345", keys }, "Passw0rd!").equals(file)).toBe(true);
    expect(file.subarray(0, 8).equals(KEY_FILE_MAGIC)).toBe(true);
    const contents = readKeyFile(file, "Passw0rd!");
    expect(contents.keys.map((key) => key.keyId)).toEqual([0, 1]);
    expect(Buffer.from(contents.keys[0]!.material, "base64")).toHaveLength(32);
    expect(() => readKeyFile(file, "Wrong-Pass1")).toThrow();
  });

  it("differs per system, per key set, and grows by the padding", () => {
    const base = buildKeyFile({ storageDeviceId: "936000412345", keys }, "Passw0rd!");
    expect(buildKeyFile({ storageDeviceId: "900000530021", keys }, "Passw0rd!").equals(base)).toBe(false);
    expect(buildKeyFile({ storageDeviceId: "936000412345", keys: keys.slice(0, 1) }, "Passw0rd!").equals(base)).toBe(
      false,
    );
    expect(buildKeyFile({ storageDeviceId: "936000412345", keys, paddingBytes: 1000 }, "Passw0rd!").length).toBe(
      base.length + 1000,
    );
  });
});

describe("backupPasswordViolation", () => {
  it("accepts the documented characters and lengths", () => {
    expect(backupPasswordViolation("abcdef")).toBeUndefined();
    expect(backupPasswordViolation("a".repeat(255))).toBeUndefined();
    expect(backupPasswordViolation("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")).toBeUndefined();
  });

  it("names the broken rule", () => {
    expect(backupPasswordViolation("abcde")).toMatch(/6 to 255/);
    expect(backupPasswordViolation("abc def")).toMatch(/may contain only/);
    expect(backupPasswordViolation("abcdefg", { minUppercase: 1 })).toMatch(/upper-case/);
    expect(backupPasswordViolation("Abcdefg", { minSymbols: 2 })).toMatch(/2 symbols/);
    expect(
      backupPasswordViolation("Abcdef-12", {
        minLength: 8,
        minDigits: 2,
        minUppercase: 1,
        minLowercase: 5,
        minSymbols: 1,
      }),
    ).toBeUndefined();
  });
});
