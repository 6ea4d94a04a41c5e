import "server-only";

import type { Kysely } from "kysely";

/**
 * Indexes for the history and audit filters and for "which backup is this file?". Each filtered
 * list still pages on (time, id), so those columns follow the filtered one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("backups_sha256").on("backups").column("sha256").execute();
  await db.schema
    .createIndex("backups_system_user_started")
    .on("backups")
    .columns(["system_id", "username", "started_at", "id"])
    .execute();
  await db.schema.createIndex("audit_events_actor_at").on("audit_events").columns(["actor", "at", "id"]).execute();
  await db.schema.createIndex("audit_events_action_at").on("audit_events").columns(["action", "at", "id"]).execute();
  await db.schema
    .createIndex("audit_events_target_id_at")
    .on("audit_events")
    .columns(["target_id", "at", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    "audit_events_target_id_at",
    "audit_events_action_at",
    "audit_events_actor_at",
    "backups_system_user_started",
    "backups_sha256",
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
