import { describe, expect, it } from "vitest";

import { checkPasswordPolicy } from "@/lib/auth/password-policy";

import { GROUP_LENGTH, READABLE_ALPHABET, readablePassword } from "./password";

/** Each group holds characters a reader can take for one another. */
const LOOK_ALIKES = [
  "0OoDQ",
  "1lIij|",
  "5Ss",
  "2Zz",
  "8B",
  "6bG",
  "9gq",
  "rnm",
  "cC",
  "kK",
  "pP",
  "uU",
  "vV",
  "wW",
  "xX",
  "yY",
];

describe("readablePassword", () => {
  it("uses an alphabet with at most one character of each look-alike group, and no punctuation", () => {
    expect(READABLE_ALPHABET).toMatch(/^[A-Za-z0-9]+$/);
    expect(new Set(READABLE_ALPHABET).size).toBe(READABLE_ALPHABET.length);
    for (const group of LOOK_ALIKES) {
      const kept = [...group].filter((character) => READABLE_ALPHABET.includes(character));
      // "rnm": r is out, so "rn" cannot be read as "m"; m and n alone are fine.
      expect(kept.length, `${group}: ${kept.join("")}`).toBeLessThanOrEqual(group === "rnm" ? 2 : 1);
    }
    for (const character of "0O1lI5S2Zr") expect(READABLE_ALPHABET).not.toContain(character);
  });

  it("makes groups of the alphabet's characters joined by hyphens, different every time", () => {
    const groupPattern = `[${READABLE_ALPHABET}]{${GROUP_LENGTH}}`;
    const seen = new Set<string>();
    for (let run = 0; run < 200; run++) {
      const password = readablePassword();
      expect(password).toMatch(new RegExp(`^${groupPattern}(-${groupPattern}){3}$`));
      seen.add(password);
    }
    expect(seen.size).toBe(200);
    expect(readablePassword(2)).toHaveLength(2 * GROUP_LENGTH + 1);
  });

  it("draws every character of the alphabet", () => {
    const drawn = new Set(
      Array.from({ length: 200 }, () => readablePassword())
        .join("")
        .replaceAll("-", ""),
    );
    expect([...drawn].sort().join("")).toBe([...READABLE_ALPHABET].sort().join(""));
  });

  it("passes the portal's password policy (the demo admin is created with it), with about 90 bits", () => {
    for (let run = 0; run < 20; run++) {
      expect(checkPasswordPolicy(readablePassword(), { username: "demo-admin" })).toMatchObject({ ok: true });
    }
    expect(4 * GROUP_LENGTH * Math.log2(READABLE_ALPHABET.length)).toBeGreaterThan(88);
  });
});
