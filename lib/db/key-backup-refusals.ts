import "server-only";

import type { Kysely } from "kysely";

import type { Database } from "./schema";

/** The array answered the key backup with 412: when, and the microcode it reported then. */
export interface KeyBackupRefusal {
  at: string;
  microcode: string | null;
}

export async function recordKeyBackupRefusal(
  db: Kysely<Database>,
  systemId: string,
  refusal: KeyBackupRefusal,
): Promise<void> {
  await db
    .updateTable("storage_systems")
    .set({ key_backup_refused_at: refusal.at, key_backup_refused_microcode: refusal.microcode })
    .where("id", "=", systemId)
    .execute();
}

/** After a successful backup, or once the system reports other microcode. */
export async function clearKeyBackupRefusal(db: Kysely<Database>, systemId: string): Promise<void> {
  await db
    .updateTable("storage_systems")
    .set({ key_backup_refused_at: null, key_backup_refused_microcode: null })
    .where("id", "=", systemId)
    .where("key_backup_refused_at", "is not", null)
    .execute();
}
