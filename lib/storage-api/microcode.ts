// Free of imports (not even "server-only"): the simulator and the portal's pages share this rule.

export type MicrocodeFamily = "VSP E" | "VSP 5000" | "VSP G/F";

/**
 * The vendor numbers microcode by family: the first two digits say which.
 * The minimums are where the reference documents the encryption-key backup function
 * (93-07-0x, 90-09-0x, 88-08-10).
 */
const FAMILIES: Record<string, { family: MicrocodeFamily; minimumForKeyBackup: readonly number[] }> = {
  "93": { family: "VSP E", minimumForKeyBackup: [93, 7, 0] },
  "90": { family: "VSP 5000", minimumForKeyBackup: [90, 9, 0] },
  "88": { family: "VSP G/F", minimumForKeyBackup: [88, 8, 10] },
};

/** "93-07-01-80/00" → [93, 7, 1, 80, 0]; undefined when it is not that shape. */
export function parseMicrocode(microcode: string): number[] | undefined {
  const trimmed = microcode.trim();
  if (!/^\d+(?:[-./]\d+)*$/.test(trimmed)) return undefined;
  return trimmed.split(/[-./]/).map(Number);
}

export function microcodeFamily(microcode: string): MicrocodeFamily | undefined {
  const parts = parseMicrocode(microcode);
  if (!parts) return undefined;
  return FAMILIES[String(parts[0]).padStart(2, "0")]?.family;
}

/** Negative, zero or positive like a sort comparator; missing trailing parts count as 0. */
export function compareMicrocodeParts(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether a storage system with this dkcMicroVersion can back up its encryption keys to a file. */
export function supportsKeyBackup(microcode: string): boolean {
  const parts = parseMicrocode(microcode);
  if (!parts) return false;
  const family = FAMILIES[String(parts[0]).padStart(2, "0")];
  if (!family) return false;
  return compareMicrocodeParts(parts, family.minimumForKeyBackup) >= 0;
}
