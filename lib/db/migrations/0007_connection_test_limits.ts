import "server-only";

import type { Kysely } from "kysely";

/**
 * Connection tests send storage passwords and use the array's sessions: they are counted per user
 * and per system in fixed windows, in the database so the limit holds across portal instances.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("connection_test_limits")
    // e.g. "user:<id>", "system:<id>"
    .addColumn("key", "text", (col) => col.primaryKey())
    .addColumn("window_started_at", "text", (col) => col.notNull())
    .addColumn("attempts", "integer", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("connection_test_limits").execute();
}
