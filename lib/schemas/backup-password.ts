import { z } from "zod";

// Shared by the backup form (live validation) and the route handler: import only zod here.

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

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * The stricter rule a storage system's administrators may set for backup passwords. Every field
 * is a minimum; absent means the storage system's base rule alone applies.
 */
const policyCount = z.int().min(0).max(BACKUP_PASSWORD_MAX);
export const backupPasswordPolicySchema = z.object({
  minLength: policyCount.optional(),
  minDigits: policyCount.optional(),
  minUppercase: policyCount.optional(),
  minLowercase: policyCount.optional(),
  minSymbols: policyCount.optional(),
});
export type BackupPasswordPolicy = z.infer<typeof backupPasswordPolicySchema>;
/** The policy in a request body: the same rules, no other key. */
export const backupPasswordPolicyInputSchema = z.strictObject(backupPasswordPolicySchema.shape);

const CLASSES: { rule: Exclude<keyof BackupPasswordPolicy, "minLength">; pattern: RegExp; singular: string }[] = [
  { rule: "minDigits", pattern: /[0-9]/g, singular: "digit" },
  { rule: "minUppercase", pattern: /[A-Z]/g, singular: "upper-case letter" },
  { rule: "minLowercase", pattern: /[a-z]/g, singular: "lower-case letter" },
  // Symbols as the storage system counts them: whatever is neither a letter nor a digit.
  { rule: "minSymbols", pattern: /[^A-Za-z0-9]/g, singular: "symbol" },
];

/**
 * Everything wrong with `password` under the storage system's base rule and `policy`, one
 * message per problem, each saying exactly what is missing. Empty when the password is fine.
 */
export function backupPasswordProblems(password: string, policy: BackupPasswordPolicy = {}): string[] {
  const problems: string[] = [];
  // Code points, not UTF-16 units: an emoji is one character to the person typing it.
  const length = [...password].length;
  const policyMin = policy.minLength ?? 0;
  if (length < BACKUP_PASSWORD_MIN) {
    const minimum = Math.max(BACKUP_PASSWORD_MIN, policyMin);
    problems.push(
      minimum > BACKUP_PASSWORD_MIN
        ? `Too short by ${plural(minimum - length, "character")}: this storage system requires at least ${minimum}.`
        : `Too short by ${plural(minimum - length, "character")}: use ${BACKUP_PASSWORD_MIN} to ${BACKUP_PASSWORD_MAX} characters.`,
    );
  } else if (length > BACKUP_PASSWORD_MAX) {
    problems.push(
      `Too long by ${plural(length - BACKUP_PASSWORD_MAX, "character")}: use at most ${BACKUP_PASSWORD_MAX}.`,
    );
  } else if (length < policyMin) {
    problems.push(
      `Too short by ${plural(policyMin - length, "character")}: this storage system requires at least ${policyMin}.`,
    );
  }
  const bad = disallowedCharacters(password);
  if (bad.length > 0) {
    problems.push(
      `Not allowed: ${bad.map(describeCharacter).join(", ")}. Use ASCII letters, digits and ${BACKUP_PASSWORD_SYMBOLS}`,
    );
  }
  for (const { rule, pattern, singular } of CLASSES) {
    const minimum = policy[rule];
    if (minimum === undefined || minimum === 0) continue;
    // Refused characters do not count towards a class: they will have to go.
    const have = [...password].filter((char) => ALLOWED.test(char) && char.match(pattern)).length;
    if (have < minimum) {
      problems.push(
        `Needs ${plural(minimum - have, `more ${singular}`, `more ${singular}s`)} (this storage system requires at least ${minimum}).`,
      );
    }
  }
  return problems;
}

/** The backup-password field's schema for a storage system with `policy` (or the base rule alone). */
export function backupPasswordRules(policy: BackupPasswordPolicy = {}) {
  return z.string().superRefine((value, ctx) => {
    for (const message of backupPasswordProblems(value, policy)) ctx.addIssue({ code: "custom", message });
  });
}

/** The storage system's own rule for a backup password (6 to 255 printable ASCII, no space). */
export const backupPasswordSchema = backupPasswordRules();

// Basic authentication cannot carry a colon in the user name, nor line breaks anywhere.
const CONTROL = /[\u0000-\u001f\u007f]/;
const storageUsernameSchema = z
  .string()
  .min(1, "Enter the storage user name.")
  .max(256, "The storage user name is too long.")
  .refine((value) => !value.includes(":"), "A storage user name cannot contain a colon.")
  .refine((value) => !CONTROL.test(value), "The storage user name contains a control character.");
const storagePasswordSchema = z
  .string()
  .min(1, "Enter the storage password.")
  .max(1024, "The storage password is too long.")
  .refine((value) => !/[\r\n]/.test(value), "The storage password cannot contain a line break.");

/**
 * The body of POST /api/systems/{id}/backups for a storage system with `policy`. The route parses
 * with the base schema; the backup code re-checks with the system's policy before calling it.
 */
export function makeBackupRequestSchema(policy: BackupPasswordPolicy = {}) {
  return z
    .strictObject({
      storageUsername: storageUsernameSchema,
      storagePassword: storagePasswordSchema,
      backupPassword: backupPasswordRules(policy),
      backupPasswordConfirmation: z.string(),
    })
    .superRefine((value, ctx) => {
      if (value.backupPasswordConfirmation === "") {
        ctx.addIssue({
          code: "custom",
          path: ["backupPasswordConfirmation"],
          message: "Enter the backup password again.",
        });
      } else if (value.backupPasswordConfirmation !== value.backupPassword) {
        ctx.addIssue({
          code: "custom",
          path: ["backupPasswordConfirmation"],
          message: "Does not match the backup password.",
        });
      }
    });
}

export const backupRequestSchema = makeBackupRequestSchema();
export type BackupRequest = z.infer<typeof backupRequestSchema>;
