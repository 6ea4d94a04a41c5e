import type { BackupPasswordPolicy } from "@/lib/schemas/backup-password";

function count(value: number, singular: string): string {
  return `${value} ${value === 1 ? singular : `${singular}s`}`;
}

/**
 * What a storage system's backup-password policy asks for, one phrase per rule ("at least 12
 * characters", "2 digits"), or an empty list when it asks for nothing beyond the base rule.
 */
export function policyRequirements(policy: BackupPasswordPolicy | null | undefined): string[] {
  if (!policy) return [];
  const phrases: string[] = [];
  if (policy.minLength) phrases.push(`at least ${count(policy.minLength, "character")}`);
  if (policy.minDigits) phrases.push(count(policy.minDigits, "digit"));
  if (policy.minUppercase) phrases.push(count(policy.minUppercase, "upper-case letter"));
  if (policy.minLowercase) phrases.push(count(policy.minLowercase, "lower-case letter"));
  if (policy.minSymbols) phrases.push(count(policy.minSymbols, "symbol"));
  return phrases;
}

/** "This storage system requires: at least 12 characters, 2 digits, 1 symbol." or undefined. */
export function policySentence(policy: BackupPasswordPolicy | null | undefined): string | undefined {
  const phrases = policyRequirements(policy);
  return phrases.length === 0 ? undefined : `This storage system requires: ${phrases.join(", ")}.`;
}
