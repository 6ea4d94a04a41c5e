import "server-only";

import type { Kysely } from "kysely";

/**
 * Whether a system supports the key backup is known only from its answer: a 412 is recorded on the
 * system (when, and the microcode it reported), until a backup succeeds or the microcode changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable("storage_systems").addColumn("key_backup_refused_at", "text").execute();
  await db.schema.alterTable("storage_systems").addColumn("key_backup_refused_microcode", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("storage_systems").dropColumn("key_backup_refused_microcode").execute();
  await db.schema.alterTable("storage_systems").dropColumn("key_backup_refused_at").execute();
}
