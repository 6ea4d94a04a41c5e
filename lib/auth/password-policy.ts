import "server-only";

import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

import { invalidField } from "@/lib/errors";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/schemas/user";

/** zxcvbn's 0–4 scale; 3 means "safely unguessable" for an online attacker facing throttling. */
export const MIN_SCORE = 3;

// Words anyone attacking this portal would try first, on top of the user's own name.
const SITE_WORDS = ["keybackup", "key-backup", "portal", "hitachi", "vsp", "storage", "encryption", "backup"];

export type PasswordProblem = "too-short" | "too-long" | "common" | "weak";

export type PasswordVerdict = { ok: true; score: number } | { ok: false; problem: PasswordProblem; message: string };

// zxcvbn-ts answers with translation keys; these are its English texts, shortened.
const WARNINGS: Record<string, string> = {
  straightRow: "straight rows of keys are easy to guess",
  keyPattern: "short keyboard patterns are easy to guess",
  simpleRepeat: 'repeated characters like "aaa" are easy to guess',
  extendedRepeat: 'repeated patterns like "abcabc" are easy to guess',
  sequences: 'sequences like "abc" or "1234" are easy to guess',
  recentYears: "recent years are easy to guess",
  dates: "dates are easy to guess",
  topTen: "it is one of the most used passwords",
  topHundred: "it is a very often used password",
  common: "it is a commonly used password",
  similarToCommon: "it is similar to a commonly used password",
  wordByItself: "single words are easy to guess",
  namesByThemselves: "single names or surnames are easy to guess",
  commonNames: "common names and surnames are easy to guess",
  userInputs: "it contains the username or the portal's name",
};

let factory: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  // Built on first use: ranking the dictionaries takes a moment nobody should pay at import.
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: true });
  return factory;
}

let commonPasswords: Set<string> | undefined;

function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary["passwords-common"].map((entry) => entry.toLowerCase()));
  return commonPasswords.has(password.toLowerCase());
}

function weakMessage(result: ZxcvbnResult): string {
  const warning = result.feedback.warning ? WARNINGS[result.feedback.warning] : undefined;
  const why = warning ? `This password is too easy to guess: ${warning}.` : "This password is too easy to guess.";
  return `${why} Choose a longer one, for example four or more unrelated words, and avoid names, dates and keyboard patterns.`;
}

/**
 * The portal's password rule: at least 12 characters and not guessable, with no composition
 * rules (they push people towards "Password1!"). `username` counts as a known word, so a
 * password built on it scores low.
 */
export function checkPasswordPolicy(password: string, context: { username?: string } = {}): PasswordVerdict {
  if (password.length < PASSWORD_MIN) {
    return {
      ok: false,
      problem: "too-short",
      message: `Use at least ${PASSWORD_MIN} characters; a few unrelated words make a long password that is easy to remember.`,
    };
  }
  if (password.length > PASSWORD_MAX) {
    return { ok: false, problem: "too-long", message: `Use at most ${PASSWORD_MAX} characters.` };
  }
  if (isCommonPassword(password)) {
    return {
      ok: false,
      problem: "common",
      message:
        "This password is on the list of commonly used passwords, so it would be guessed early. Choose another one, for example four or more unrelated words.",
    };
  }
  const userInputs = context.username
    ? [context.username, ...context.username.split(/[._@-]+/), ...SITE_WORDS]
    : SITE_WORDS;
  const result = estimator().check(
    password,
    userInputs.filter((word) => word.length > 0),
  );
  if (result.score < MIN_SCORE) return { ok: false, problem: "weak", message: weakMessage(result) };
  return { ok: true, score: result.score };
}

/** The same check for the API and CLI: a refusal is a 400 naming the password field. */
export function assertPasswordPolicy(password: string, context: { username?: string } = {}): void {
  const verdict = checkPasswordPolicy(password, context);
  if (!verdict.ok) {
    throw invalidField("password", verdict.message);
  }
}
