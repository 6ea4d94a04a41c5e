import { backupPasswordProblems, type BackupPasswordPolicy, type BackupRequest } from "@/lib/schemas/backup-password";

/**
 * What still stands between the form and "Download backup", in the order of the fields, as the
 * objects of "Still needed: …". `invalid` names the storage fields whose value the schema refused.
 */
export function downloadBlockers(
  values: Partial<BackupRequest>,
  policy: BackupPasswordPolicy | null,
  invalid: { storageUsername?: boolean; storagePassword?: boolean } = {},
): string[] {
  const blockers: string[] = [];
  if (!values.storageUsername) blockers.push("the storage username");
  else if (invalid.storageUsername) blockers.push("a storage username the field accepts");
  if (!values.storagePassword) blockers.push("the storage password");
  else if (invalid.storagePassword) blockers.push("a storage password the field accepts");
  const backupPassword = values.backupPassword ?? "";
  if (backupPassword === "") blockers.push("a backup password");
  else if (backupPasswordProblems(backupPassword, policy ?? {}).length > 0)
    blockers.push("a backup password that meets the rules");
  const confirmation = values.backupPasswordConfirmation ?? "";
  if (confirmation === "") blockers.push("the backup password again, under “Confirm backup password”");
  else if (backupPassword !== "" && confirmation !== backupPassword)
    blockers.push("a confirmation that matches the backup password");
  return blockers;
}

/** "a", "a and b", "a, b and c". */
function joinWithAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The reason shown by a "Download backup" that cannot be used yet. */
export function blockersText(blockers: readonly string[]): string {
  return blockers.length === 0
    ? "Correct the fields marked above to download the backup."
    : `To download the backup, still needed: ${joinWithAnd(blockers)}.`;
}
