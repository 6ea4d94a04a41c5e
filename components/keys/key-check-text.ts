import type { CheckedKey, KeyCheck } from "@/lib/schemas/key-check";

/** "1 key", "120 keys". */
export function keysText(count: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "key" : "keys"}`;
}

/** What the check found, in one line: "All 120 keys are backed up." / "3 of 120 keys are not backed up." */
export function keyCheckSummary(check: Pick<KeyCheck, "keyCount" | "notBackedUpCount">): string {
  if (check.keyCount === 0) return "The system reported no encryption keys.";
  if (check.notBackedUpCount === 0)
    return check.keyCount === 1 ? "The one key is backed up." : `All ${keysText(check.keyCount)} are backed up.`;
  const verb = check.notBackedUpCount === 1 ? "is" : "are";
  return `${check.notBackedUpCount.toLocaleString("en-US")} of ${keysText(check.keyCount)} ${verb} not backed up.`;
}

/** When the list of keys not backed up is cut short (the server sends the first 1,000): say so. */
export function truncationText(check: Pick<KeyCheck, "notBackedUp" | "notBackedUpCount">): string | null {
  const listed = check.notBackedUp.length;
  if (listed >= check.notBackedUpCount) return null;
  return `Showing the first ${listed.toLocaleString("en-US")} of ${check.notBackedUpCount.toLocaleString("en-US")} keys not backed up.`;
}

/** A key's backup count as the array reports it: "0", "2", or "Not reported". */
export function backupsText(key: Pick<CheckedKey, "numOfBackups">): string {
  return key.numOfBackups === null ? "Not reported" : String(key.numOfBackups);
}
