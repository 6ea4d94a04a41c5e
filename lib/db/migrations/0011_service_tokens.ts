import "server-only";

import { sql, type Kysely } from "kysely";

/**
 * Service tokens (issue 13): named bearer tokens an admin creates for scripts. Only the token's
 * SHA-256 (hex) is stored. `system_ids` is a JSON array of system ids the token is limited to, or
 * null for every system. A name is unique among the tokens not revoked (a partial unique index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("service_tokens")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("role", "text", (col) => col.notNull().check(sql`role in ('operator', 'viewer')`))
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("system_ids", "text")
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text")
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema
    .createIndex("service_tokens_active_name")
    .on("service_tokens")
    .column("name")
    .unique()
    .where(sql.ref("revoked_at"), "is", null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("service_tokens").execute();
}
