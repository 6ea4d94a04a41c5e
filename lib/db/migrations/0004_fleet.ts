import "server-only";

import type { Kysely } from "kysely";

/**
 * Fleet assurance: the portal's team-wide settings, snapshots of each system's encryption keys
 * (key checks), and the indexes that let the fleet view find every system's last successful
 * backup and latest key check with one index seek per system.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per setting; the value is JSON, checked by lib/settings when read.
  await db.schema
    .createTable("portal_settings")
    .addColumn("key", "text", (col) => col.primaryKey())
    .addColumn("value", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("updated_by", "text")
    .execute();

  await db.schema
    .createTable("key_checks")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("system_id", "text", (col) => col.notNull().references("storage_systems.id"))
    .addColumn("at", "text", (col) => col.notNull())
    // The username column keeps the snapshot readable if the account goes.
    .addColumn("user_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("username", "text", (col) => col.notNull())
    .addColumn("key_count", "integer", (col) => col.notNull())
    .addColumn("newest_key_created_at", "text")
    .addColumn("last_success_at", "text")
    .addColumn("not_backed_up_count", "integer", (col) => col.notNull())
    // JSON: at most 1,000 keys (keyId, keyType, createdTime, numOfBackups); never a key's material.
    .addColumn("not_backed_up", "text", (col) => col.notNull())
    .execute();
  // A system's checks, newest first, with the id as the tie-break: the latest is one seek.
  await db.schema.createIndex("key_checks_system_at").on("key_checks").columns(["system_id", "at", "id"]).execute();

  // A system's last successful backup is one seek (the fleet view, metrics, key checks).
  await db.schema
    .createIndex("backups_system_status_started")
    .on("backups")
    .columns(["system_id", "status", "started_at", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("backups_system_status_started").execute();
  await db.schema.dropTable("key_checks").execute();
  await db.schema.dropTable("portal_settings").execute();
}
