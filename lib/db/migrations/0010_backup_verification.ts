import "server-only";

import { sql, type Kysely } from "kysely";

/**
 * What a backup's row adds to its history: the storage user that ran it (a name, never its
 * password), and whether the browser that received the file reported the same SHA-256 as the
 * portal streamed ("verified") or another one ("mismatch"), when and by whom. Null until reported:
 * a file fetched by a script that never reports is "downloaded, not verified".
 *
 * One column per statement: SQLite adds one column per ALTER TABLE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("backups").addColumn("storage_username", "text").execute();
  await db.schema
    .alterTable("backups")
    .addColumn("verification", "text", (col) => col.check(sql`verification in ('verified', 'mismatch')`))
    .execute();
  await db.schema.alterTable("backups").addColumn("verified_at", "text").execute();
  await db.schema
    .alterTable("backups")
    .addColumn("verified_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ["verified_by", "verified_at", "verification", "storage_username"]) {
    await db.schema.alterTable("backups").dropColumn(column).execute();
  }
}
