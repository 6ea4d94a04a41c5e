/** zxcvbn's 0–4 score in words: advisory, it never blocks a backup. */
export type StrengthLabel = "weak" | "fair" | "good" | "strong";

export function strengthLabel(score: number): StrengthLabel {
  if (score >= 4) return "strong";
  if (score >= 3) return "good";
  if (score >= 2) return "fair";
  return "weak";
}

// zxcvbn-ts answers with translation keys; these are its English texts, shortened.
const WARNINGS: Record<string, string> = {
  straightRow: "Straight rows of keys are easy to guess.",
  keyPattern: "Short keyboard patterns are easy to guess.",
  simpleRepeat: "Repeated characters like “aaa” are easy to guess.",
  extendedRepeat: "Repeated patterns like “abcabc” are easy to guess.",
  sequences: "Sequences like “abc” or “1234” are easy to guess.",
  recentYears: "Recent years are easy to guess.",
  dates: "Dates are easy to guess.",
  topTen: "This is one of the most used passwords.",
  topHundred: "This is a very often used password.",
  common: "This is a commonly used password.",
  similarToCommon: "This is similar to a commonly used password.",
  wordByItself: "Single words are easy to guess.",
  namesByThemselves: "Single names or surnames are easy to guess.",
  commonNames: "Common names and surnames are easy to guess.",
  userInputs: "It contains the system’s name or a word about this portal.",
  pwned: "This password appeared in a data breach.",
};

/** zxcvbn's warning as a sentence, or undefined for none (or one this portal has no text for). */
export function strengthWarning(key: string | null | undefined): string | undefined {
  return key ? WARNINGS[key] : undefined;
}

/** "Strength: weak. Dates are easy to guess." */
export function strengthText(score: number, warningKey: string | null | undefined): string {
  const warning = strengthWarning(warningKey);
  return `Strength: ${strengthLabel(score)}.${warning ? ` ${warning}` : ""}`;
}
