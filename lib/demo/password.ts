import { randomInt } from "node:crypto";

/**
 * Letters and digits none of which can be taken for another when read off a terminal or a note.
 * Left out: 0 O o D Q, 1 l I i j, 5 S s, 2 Z z, 8 B, b G, g q, r (rn reads as m), the letters
 * written alike in both cases (c k p u v w x y), and punctuation, which a shell or keyboard moves.
 */
export const READABLE_ALPHABET = "adefhmntAEFHJLMNRT34679";

/** Characters a readable password groups together, as in `nT4eh-3FhaJ-...`. */
export const GROUP_LENGTH = 5;

/**
 * A random password for a person to read and type: `groups` groups of GROUP_LENGTH characters of
 * READABLE_ALPHABET joined by "-". Four groups carry about 90 bits, well past the portal's strength check.
 */
export function readablePassword(groups = 4): string {
  const parts: string[] = [];
  for (let group = 0; group < groups; group++) {
    let part = "";
    for (let index = 0; index < GROUP_LENGTH; index++) part += READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)];
    parts.push(part);
  }
  return parts.join("-");
}
