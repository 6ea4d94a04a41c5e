// The simulated array's own rule for which microcode answers the key backup (older ones answer 412).
// A copy of the portal client's rule (lib/storage-api/microcode.ts), kept here so that the simulator
// imports nothing of the portal and plays the array's part on its own: if the two ever disagree,
// the portal's tests against the simulator show it. Free of imports.

/**
 * The first two digits of a microcode version name the family; these are the minimums where the
 * encryption-key backup function appears (93-07-0x VSP E, 90-09-0x VSP 5000, 88-08-10 VSP G/F).
 */
const MINIMUM_FOR_KEY_BACKUP: Record<string, readonly number[]> = {
  "93": [93, 7, 0],
  "90": [90, 9, 0],
  "88": [88, 8, 10],
};

/** "93-07-01-80/00" → [93, 7, 1, 80, 0]; undefined when it is not that shape. */
function parseMicrocode(microcode: string): number[] | undefined {
  const trimmed = microcode.trim();
  if (!/^\d+(?:[-./]\d+)*$/.test(trimmed)) return undefined;
  return trimmed.split(/[-./]/).map(Number);
}

/** Negative, zero or positive like a sort comparator; missing trailing parts count as 0. */
function compareParts(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether a simulated system with this dkcMicroVersion performs the key backup. */
export function supportsKeyBackup(microcode: string): boolean {
  const parts = parseMicrocode(microcode);
  if (!parts) return false;
  const minimum = MINIMUM_FOR_KEY_BACKUP[String(parts[0]).padStart(2, "0")];
  if (!minimum) return false;
  return compareParts(parts, minimum) >= 0;
}
