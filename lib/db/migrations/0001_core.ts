import "server-only";

import { sql, type Kysely } from "kysely";

import { dialectOf } from "../dialect";

const APPEND_ONLY_MESSAGE = "audit_events is append-only";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("username", "text", (col) => col.notNull().unique())
    .addColumn("username_key", "text", (col) => col.notNull().unique())
    .addColumn("password_hash", "text", (col) => col.notNull())
    .addColumn("role", "text", (col) => col.notNull().check(sql`role in ('viewer', 'operator', 'admin')`))
    .addColumn("disabled", "integer", (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`disabled in (0, 1)`),
    )
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("password_changed_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("portal_sessions")
    .addColumn("id_hash", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("last_seen_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .addColumn("client_ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("revoked_at", "text")
    .addColumn("revoke_reason", "text")
    .execute();
  await db.schema.createIndex("portal_sessions_user_id").on("portal_sessions").column("user_id").execute();
  await db.schema.createIndex("portal_sessions_expires_at").on("portal_sessions").column("expires_at").execute();

  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (col) => col.primaryKey())
    .addColumn("failures", "integer", (col) => col.notNull())
    .addColumn("window_started_at", "text", (col) => col.notNull())
    .addColumn("last_failure_at", "text", (col) => col.notNull())
    .addColumn("blocked_until", "text")
    .execute();

  await db.schema
    .createTable("setup_tokens")
    .addColumn("token_hash", "text", (col) => col.primaryKey())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .addColumn("used_at", "text")
    .execute();

  await db.schema
    .createTable("storage_systems")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("base_url", "text", (col) => col.notNull())
    .addColumn("storage_device_id", "text")
    .addColumn("trust_kind", "text", (col) => col.notNull().check(sql`trust_kind in ('pin', 'ca')`))
    .addColumn("pinned_fingerprint", "text")
    .addColumn("pinned_certificate_pem", "text")
    .addColumn("ca_certificate_pem", "text")
    .addColumn("model", "text")
    .addColumn("serial_number", "integer")
    .addColumn("microcode", "text")
    .addColumn("api_version", "text")
    .addColumn("identity_checked_at", "text")
    .addColumn("password_policy", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("created_by", "text")
    .addColumn("removed_at", "text")
    .execute();
  // One active system per name, whatever the case; removed systems keep theirs for the history.
  await sql`create unique index storage_systems_active_name on storage_systems (lower(name)) where removed_at is null`.execute(
    db,
  );

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("at", "text", (col) => col.notNull())
    .addColumn("actor", "text")
    .addColumn("actor_user_id", "text")
    .addColumn("client_ip", "text")
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("target_type", "text")
    .addColumn("target_id", "text")
    .addColumn("target_label", "text")
    .addColumn("outcome", "text", (col) => col.notNull().check(sql`outcome in ('success', 'failure', 'denied')`))
    .addColumn("detail", "text")
    .execute();
  // (at, id): the order and the cursor of listAuditEvents.
  await db.schema.createIndex("audit_events_at").on("audit_events").columns(["at", "id"]).execute();

  // The audit log must not be rewritable through the portal's own connection, whatever a bug
  // or an injected statement tries; only a database owner dropping the trigger can.
  if (dialectOf(db) === "postgres") {
    await sql`
      create function audit_events_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '${sql.raw(APPEND_ONLY_MESSAGE)}' using errcode = 'restrict_violation';
      end
      $$`.execute(db);
    await sql`
      create trigger audit_events_no_update_or_delete before update or delete on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    await sql`
      create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only()`.execute(db);
  } else {
    await sql`
      create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, '${sql.raw(APPEND_ONLY_MESSAGE)}'); end`.execute(db);
    await sql`
      create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, '${sql.raw(APPEND_ONLY_MESSAGE)}'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "audit_events",
    "storage_systems",
    "setup_tokens",
    "login_throttle",
    "portal_sessions",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (dialectOf(db) === "postgres") {
    await sql`drop function audit_events_append_only()`.execute(db);
  }
}
