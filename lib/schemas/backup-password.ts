import { z } from "zod";

/** The characters the storage system accepts in a backup password besides ASCII letters and digits. */
export const BACKUP_PASSWORD_SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
export const BACKUP_PASSWORD_MIN = 6;
export const BACKUP_PASSWORD_MAX = 255;

const ALLOWED = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]*$/;

/** Describes a character so that a space or an invisible character can be seen in a message. */
export function describeCharacter(char: string): string {
  if (char === " ") return "space";
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code < 0x20 || code === 0x7f || /\s/u.test(char)) return hex;
  return `"${char}" (${hex})`;
}

/** The characters of `password` the storage system would refuse, each once, in order. */
export function disallowedCharacters(password: string): string[] {
  const seen = new Set<string>();
  for (const char of password) {
    if (!ALLOWED.test(char)) seen.add(char);
  }
  return [...seen];
}

/** The storage system's own rule for a backup password (6 to 255 printable ASCII, no space). */
export const backupPasswordSchema = z.string().superRefine((value, ctx) => {
  const length = [...value].length;
  if (length < BACKUP_PASSWORD_MIN) {
    const missing = BACKUP_PASSWORD_MIN - length;
    ctx.addIssue({
      code: "custom",
      message: `Too short by ${missing} character${missing === 1 ? "" : "s"}: use ${BACKUP_PASSWORD_MIN} to ${BACKUP_PASSWORD_MAX} characters.`,
    });
  } else if (length > BACKUP_PASSWORD_MAX) {
    ctx.addIssue({
      code: "custom",
      message: `Too long by ${length - BACKUP_PASSWORD_MAX} characters: use at most ${BACKUP_PASSWORD_MAX}.`,
    });
  }
  const bad = disallowedCharacters(value);
  if (bad.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `Not allowed: ${bad.map(describeCharacter).join(", ")}. Use ASCII letters, digits and ${BACKUP_PASSWORD_SYMBOLS}`,
    });
  }
});
