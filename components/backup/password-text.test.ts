import { zodResolver } from "@hookform/resolvers/zod";
import { describe, expect, it } from "vitest";

import { makeBackupRequestSchema, type BackupRequest } from "@/lib/schemas/backup-password";

import { fieldMessages } from "./field-messages";
import { policyRequirements, policySentence } from "./password-policy-text";
import { strengthLabel, strengthText } from "./password-strength";

describe("policySentence", () => {
  it("lists what the policy asks for", () => {
    expect(policySentence({ minLength: 12, minDigits: 2, minUppercase: 1, minLowercase: 1, minSymbols: 1 })).toBe(
      "This storage system requires: at least 12 characters, 2 digits, 1 upper-case letter, 1 lower-case letter, 1 symbol.",
    );
  });
  it("is undefined for no policy, or one that asks for nothing", () => {
    expect(policySentence(null)).toBeUndefined();
    expect(policySentence({})).toBeUndefined();
    expect(policyRequirements({ minDigits: 0 })).toEqual([]);
  });
});

describe("strength text", () => {
  it("maps zxcvbn's score to words, with its warning", () => {
    expect([0, 1, 2, 3, 4].map(strengthLabel)).toEqual(["weak", "weak", "fair", "good", "strong"]);
    expect(strengthText(1, "dates")).toBe("Strength: weak. Dates are easy to guess.");
    expect(strengthText(4, null)).toBe("Strength: strong.");
    expect(strengthText(2, "someUnknownKey")).toBe("Strength: fair.");
  });
});

describe("live validation messages (the form's resolver)", () => {
  const values = (backupPassword: string, confirmation = backupPassword): BackupRequest => ({
    storageUsername: "secadmin",
    storagePassword: "pw",
    backupPassword,
    backupPasswordConfirmation: confirmation,
  });
  async function messages(value: BackupRequest, policy = {}) {
    const resolve = zodResolver(makeBackupRequestSchema(policy));
    const result = await resolve(value, undefined, {
      criteriaMode: "all",
      fields: {},
      names: [],
      shouldUseNativeValidation: false,
    });
    return {
      backupPassword: fieldMessages(result.errors.backupPassword),
      backupPasswordConfirmation: fieldMessages(result.errors.backupPasswordConfirmation),
    };
  }

  it("says every problem with a password at once", async () => {
    expect((await messages(values("ab é"))).backupPassword).toEqual([
      "Too short by 2 characters: use 6 to 255 characters.",
      expect.stringMatching(/^Not allowed: space, "é" \(U\+00E9\)\./),
    ]);
  });

  it("counts against the system's policy", async () => {
    expect((await messages(values("abcdefgh"), { minLength: 12, minDigits: 2 })).backupPassword).toEqual([
      "Too short by 4 characters: this storage system requires at least 12.",
      "Needs 2 more digits (this storage system requires at least 2).",
    ]);
  });

  it("puts a mismatch on the confirmation", async () => {
    const result = await messages(values("Good-pass1", "Good-pass2"));
    expect(result.backupPassword).toEqual([]);
    expect(result.backupPasswordConfirmation).toEqual(["Does not match the backup password."]);
  });
});
