import { describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";

import { assertPasswordPolicy, checkPasswordPolicy } from "./password-policy";

describe("password policy", () => {
  it("asks for at least 12 characters and says how to get there", () => {
    const verdict = checkPasswordPolicy("Xq7#vL2!pz");
    expect(verdict).toMatchObject({ ok: false, problem: "too-short" });
    expect(!verdict.ok && verdict.message).toMatch(/at least 12 characters/);
  });

  it("refuses passwords on the common-password list", () => {
    const verdict = checkPasswordPolicy("password1234");
    expect(verdict).toMatchObject({ ok: false, problem: "common" });
    expect(!verdict.ok && verdict.message).toMatch(/commonly used passwords.*Choose another/);
  });

  it("refuses guessable passwords with the reason and what to do", () => {
    const keyboard = checkPasswordPolicy("qwertyuiopasdf");
    expect(keyboard).toMatchObject({ ok: false, problem: "weak" });
    expect(!keyboard.ok && keyboard.message).toMatch(/too easy to guess.*Choose a longer one/);
  });

  it("counts the username as a known word", () => {
    const password = "margaret.holloway1";
    expect(checkPasswordPolicy(password).ok).toBe(true);
    const verdict = checkPasswordPolicy(password, { username: "margaret.holloway" });
    expect(verdict).toMatchObject({ ok: false, problem: "weak" });
    expect(!verdict.ok && verdict.message).toMatch(/username/);
  });

  it("has no composition rules: a long lower-case passphrase passes", () => {
    expect(checkPasswordPolicy("violet tractor cinnamon harbor")).toMatchObject({ ok: true });
    expect(checkPasswordPolicy("kV9#mq2!Lp7zR4")).toMatchObject({ ok: true });
  });

  it("throws a 400 naming the password field", () => {
    let caught: unknown;
    try {
      assertPasswordPolicy("short");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).status).toBe(400);
    expect((caught as AppError).toBody().error).toMatchObject({
      code: "VALIDATION_FAILED",
      fields: { password: [expect.any(String)] },
    });
  });
});
