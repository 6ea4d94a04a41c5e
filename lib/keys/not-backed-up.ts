import "server-only";

import type { CheckedKey } from "@/lib/schemas/key-check";
import type { EncryptionKey } from "@/lib/storage-api";

export interface KeyFindings {
  keyCount: number;
  /** The latest createdTime as the array reported it; null when it reported none. */
  newestKeyCreatedAt: string | null;
  /** Every key not backed up, by key id. */
  notBackedUp: CheckedKey[];
}

/**
 * A key is not backed up when the array counts no backup of it (`numOfBackups` 0), or when it was
 * created after the last successful backup through the portal (`lastSuccessAt`, null when none).
 * A createdTime the array leaves out or that does not parse decides nothing.
 */
export function findNotBackedUp(keys: readonly EncryptionKey[], lastSuccessAt: string | null): KeyFindings {
  const since = lastSuccessAt === null ? Number.NaN : Date.parse(lastSuccessAt);
  let newest: { at: number; text: string } | null = null;
  const notBackedUp: CheckedKey[] = [];
  for (const key of keys) {
    const created = key.createdTime === undefined ? Number.NaN : Date.parse(key.createdTime);
    if (!Number.isNaN(created) && (newest === null || created > newest.at)) {
      newest = { at: created, text: key.createdTime! };
    }
    if (key.numOfBackups === 0 || created > since) {
      notBackedUp.push({
        keyId: key.keyId,
        keyType: key.keyType,
        createdTime: key.createdTime ?? null,
        numOfBackups: key.numOfBackups ?? null,
      });
    }
  }
  notBackedUp.sort((a, b) => a.keyId - b.keyId);
  return { keyCount: keys.length, newestKeyCreatedAt: newest?.text ?? null, notBackedUp };
}
