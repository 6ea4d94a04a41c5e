import "server-only";

import type { PasswordPolicy } from "./types";

// Letters, digits and the symbols the reference lists are exactly the printable ASCII without space.
const ALLOWED = /^[\x21-\x7e]*$/;

function count(password: string, pattern: RegExp): number {
  return password.match(pattern)?.length ?? 0;
}

/** The rule a backup password breaks, in words for the error message, or undefined when it is fine. */
export function backupPasswordViolation(password: string, policy: PasswordPolicy = {}): string | undefined {
  if (password.length < 6 || password.length > 255) return "the password must be 6 to 255 characters long";
  if (!ALLOWED.test(password)) {
    return "the password may contain only alphanumeric characters and the symbols !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  }
  const rules: [keyof PasswordPolicy, number, string][] = [
    ["minLength", password.length, "characters"],
    ["minDigits", count(password, /[0-9]/g), "digits"],
    ["minUppercase", count(password, /[A-Z]/g), "upper-case letters"],
    ["minLowercase", count(password, /[a-z]/g), "lower-case letters"],
    ["minSymbols", count(password, /[^A-Za-z0-9]/g), "symbols"],
  ];
  for (const [rule, actual, what] of rules) {
    const minimum = policy[rule];
    if (minimum !== undefined && actual < minimum) {
      return `the password policy of the storage system requires at least ${minimum} ${what}`;
    }
  }
  return undefined;
}
