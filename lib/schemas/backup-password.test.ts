import { describe, expect, it } from "vitest";

import {
  backupPasswordPolicySchema,
  backupPasswordProblems,
  backupPasswordRules,
  backupPasswordSchema,
  backupRequestSchema,
  describeCharacter,
  disallowedCharacters,
  makeBackupRequestSchema,
} from "./backup-password";

function messages(
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  return result.success ? [] : (result.error?.issues.map((issue) => issue.message) ?? []);
}

function fieldIssues(value: unknown, policy = {}) {
  const result = makeBackupRequestSchema(policy).safeParse(value);
  if (result.success) return {};
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) (fields[issue.path.join(".")] ??= []).push(issue.message);
  return fields;
}

const VALID = {
  storageUsername: "secadmin",
  storagePassword: "Sim-Modify-Pass1",
  backupPassword: "Backup-Pass-42!",
  backupPasswordConfirmation: "Backup-Pass-42!",
};

describe("the base backup-password rule", () => {
  it("accepts every allowed character", () => {
    expect(messages(backupPasswordSchema, "Aa0!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")).toEqual([]);
  });

  it("says by how much a password is too short", () => {
    expect(messages(backupPasswordSchema, "abcd")).toEqual(["Too short by 2 characters: use 6 to 255 characters."]);
    expect(messages(backupPasswordSchema, "abcde")).toEqual(["Too short by 1 character: use 6 to 255 characters."]);
    expect(messages(backupPasswordSchema, "")).toEqual(["Too short by 6 characters: use 6 to 255 characters."]);
  });

  it("says by how much a password is too long", () => {
    expect(messages(backupPasswordSchema, "a".repeat(255))).toEqual([]);
    expect(messages(backupPasswordSchema, "a".repeat(256))).toEqual(["Too long by 1 character: use at most 255."]);
    expect(messages(backupPasswordSchema, "a".repeat(300))).toEqual(["Too long by 45 characters: use at most 255."]);
  });

  it("shows a space as 'space' and other refused characters with their code point", () => {
    expect(messages(backupPasswordSchema, "pass word")).toEqual([
      expect.stringMatching(/^Not allowed: space\. Use ASCII letters, digits and !"#/),
    ]);
    expect(messages(backupPasswordSchema, "passwörd€\tx")).toEqual([
      expect.stringMatching(/^Not allowed: "ö" \(U\+00F6\), "€" \(U\+20AC\), U\+0009\. /),
    ]);
  });

  it("counts characters as code points and lists each refused character once", () => {
    expect(messages(backupPasswordSchema, "😀😀😀😀😀😀")).toEqual([
      expect.stringMatching(/^Not allowed: "😀" \(U\+1F600\)\./),
    ]);
    expect(disallowedCharacters("a b c\u00a0d ")).toEqual([" ", "\u00a0"]);
    expect(describeCharacter("\u00a0")).toBe("U+00A0");
    expect(describeCharacter("\u007f")).toBe("U+007F");
  });

  it("reports a short password with a refused character twice", () => {
    expect(messages(backupPasswordSchema, "a b")).toEqual([
      "Too short by 3 characters: use 6 to 255 characters.",
      expect.stringMatching(/^Not allowed: space\./),
    ]);
  });
});

describe("a storage system's password policy", () => {
  it("accepts integers from 0 to 255 and nothing else", () => {
    expect(backupPasswordPolicySchema.parse({ minLength: 12, minDigits: 0 })).toEqual({ minLength: 12, minDigits: 0 });
    expect(backupPasswordPolicySchema.parse({})).toEqual({});
    expect(backupPasswordPolicySchema.safeParse({ minLength: 256 }).success).toBe(false);
    expect(backupPasswordPolicySchema.safeParse({ minDigits: -1 }).success).toBe(false);
    expect(backupPasswordPolicySchema.safeParse({ minSymbols: 1.5 }).success).toBe(false);
    expect(backupPasswordPolicySchema.safeParse({ minUppercase: "2" }).success).toBe(false);
  });

  it("says how many more of each kind of character are needed", () => {
    const policy = { minDigits: 2, minUppercase: 1, minLowercase: 3, minSymbols: 2 };
    expect(backupPasswordProblems("ABCDEFG", policy)).toEqual([
      "Needs 2 more digits (this storage system requires at least 2).",
      "Needs 3 more lower-case letters (this storage system requires at least 3).",
      "Needs 2 more symbols (this storage system requires at least 2).",
    ]);
    expect(backupPasswordProblems("abcdef1!", policy)).toEqual([
      "Needs 1 more digit (this storage system requires at least 2).",
      "Needs 1 more upper-case letter (this storage system requires at least 1).",
      "Needs 1 more symbol (this storage system requires at least 2).",
    ]);
    expect(backupPasswordProblems("Abcdef12!?", policy)).toEqual([]);
  });

  it("does not count refused characters as symbols", () => {
    expect(backupPasswordProblems("abc def1", { minSymbols: 1 })).toEqual([
      expect.stringMatching(/^Not allowed: space\./),
      "Needs 1 more symbol (this storage system requires at least 1).",
    ]);
  });

  it("applies a longer minimum length", () => {
    expect(backupPasswordProblems("abcdefgh", { minLength: 12 })).toEqual([
      "Too short by 4 characters: this storage system requires at least 12.",
    ]);
    expect(backupPasswordProblems("abc", { minLength: 12 })).toEqual([
      "Too short by 9 characters: this storage system requires at least 12.",
    ]);
    // A policy below the base rule does not weaken it.
    expect(backupPasswordProblems("abc", { minLength: 2 })).toEqual([
      "Too short by 3 characters: use 6 to 255 characters.",
    ]);
    expect(messages(backupPasswordRules({ minLength: 12 }), "abcdefghijkl")).toEqual([]);
  });
});

describe("the backup request body", () => {
  it("accepts a complete request", () => {
    expect(backupRequestSchema.parse(VALID)).toEqual(VALID);
  });

  it("requires the confirmation to match, reported on the confirmation", () => {
    expect(fieldIssues({ ...VALID, backupPasswordConfirmation: "Backup-Pass-43!" })).toEqual({
      backupPasswordConfirmation: ["Does not match the backup password."],
    });
    expect(fieldIssues({ ...VALID, backupPasswordConfirmation: "" })).toEqual({
      backupPasswordConfirmation: ["Enter the backup password again."],
    });
  });

  it("reports the password problems and the mismatch together", () => {
    expect(fieldIssues({ ...VALID, backupPassword: "short", backupPasswordConfirmation: "shor" })).toEqual({
      backupPassword: ["Too short by 1 character: use 6 to 255 characters."],
      backupPasswordConfirmation: ["Does not match the backup password."],
    });
  });

  it("applies the system's policy", () => {
    expect(fieldIssues(VALID, { minLength: 20, minDigits: 3 })).toEqual({
      backupPassword: [
        "Too short by 5 characters: this storage system requires at least 20.",
        "Needs 1 more digit (this storage system requires at least 3).",
      ],
    });
  });

  it("requires the storage credentials in a form Basic authentication can carry", () => {
    expect(fieldIssues({ ...VALID, storageUsername: "", storagePassword: "" })).toEqual({
      storageUsername: ["Enter the storage user name."],
      storagePassword: ["Enter the storage password."],
    });
    expect(fieldIssues({ ...VALID, storageUsername: "sec:admin", storagePassword: "a\nb" })).toEqual({
      storageUsername: ["A storage user name cannot contain a colon."],
      storagePassword: ["The storage password cannot contain a line break."],
    });
  });

  it("refuses missing fields and wrong types", () => {
    expect(backupRequestSchema.safeParse({}).success).toBe(false);
    expect(backupRequestSchema.safeParse({ ...VALID, backupPassword: 123456 }).success).toBe(false);
  });
});
