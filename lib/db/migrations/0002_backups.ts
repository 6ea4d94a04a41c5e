import "server-only";

import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("backups")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("system_id", "text", (col) => col.notNull().references("storage_systems.id"))
    // The username column keeps the history readable if the account goes.
    .addColumn("user_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("username", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) =>
      col.notNull().check(sql`status in ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')`),
    )
    .addColumn("started_at", "text", (col) => col.notNull())
    .addColumn("finished_at", "text")
    .addColumn("heartbeat_at", "text", (col) => col.notNull())
    .addColumn("instance_id", "text", (col) => col.notNull())
    .addColumn("bytes", "integer")
    .addColumn("expected_bytes", "integer")
    .addColumn("sha256", "text")
    .addColumn("file_name", "text")
    .addColumn("duration_ms", "integer")
    .addColumn("model", "text")
    .addColumn("serial_number", "integer")
    .addColumn("storage_device_id", "text")
    .addColumn("microcode", "text")
    .addColumn("error_code", "text")
    .addColumn("error_message", "text")
    .addColumn("client_ip", "text")
    .execute();

  // The single-flight rule: at most one running backup per system. A partial unique index
  // rather than an in-process lock, so it holds across portal instances sharing PostgreSQL and
  // survives restarts; both SQLite and PostgreSQL support it.
  await db.schema
    .createIndex("backups_one_running_per_system")
    .on("backups")
    .column("system_id")
    .unique()
    .where(sql.ref("status"), "=", sql.lit("running"))
    .execute();
  // The history of one system, newest first, with the id as the tie-break of the cursor.
  await db.schema
    .createIndex("backups_system_started")
    .on("backups")
    .columns(["system_id", "started_at", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("backups").execute();
}
