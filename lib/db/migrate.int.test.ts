import { statSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { dialectOf } from "./connection";
import { migrateToLatest } from "./migrate";
import { openPostgresTestDb, openSqliteTestDb, TEST_DATABASES, type TestDatabase } from "./test-databases";

const TABLES = [
  "audit_events",
  "backups",
  "connection_test_limits",
  "key_checks",
  "login_throttle",
  "portal_sessions",
  "portal_settings",
  "service_tokens",
  "setup_tokens",
  "storage_systems",
  "users",
];

describe.each(TEST_DATABASES)("migrations on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open({ migrate: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reports its dialect", () => {
    expect(dialectOf(t.db)).toBe(kind);
  });

  it("creates every table on the first run and does nothing on the second", async () => {
    expect(await migrateToLatest(t.db)).toEqual([
      "0001_core",
      "0002_backups",
      "0003_key_backup_refusal",
      "0004_fleet",
      "0005_history_indexes",
      "0007_connection_test_limits",
      "0009_must_change_password",
      "0010_backup_verification",
      "0011_service_tokens",
    ]);
    expect(await migrateToLatest(t.db)).toEqual([]);
    const tables = (await t.db.introspection.getTables())
      .filter((table) => kind === "sqlite" || table.schema === t.location)
      .map((table) => table.name)
      .sort();
    expect(tables).toEqual(TABLES);
    const users = (await t.db.introspection.getTables()).find((table) => table.name === "users");
    expect(users?.columns.map((column) => column.name).sort()).toEqual([
      "created_at",
      "disabled",
      "id",
      "must_change_password",
      "password_changed_at",
      "password_hash",
      "role",
      "updated_at",
      "username",
      "username_key",
    ]);
    const backups = (await t.db.introspection.getTables()).find(
      (table) => table.name === "backups" && (kind === "sqlite" || table.schema === t.location),
    );
    expect(backups?.columns.map((column) => column.name)).toEqual(
      expect.arrayContaining(["storage_username", "verification", "verified_at", "verified_by"]),
    );
  });

  it("refuses values outside the enumerations", async () => {
    const now = new Date().toISOString();
    await expect(
      t.db
        .insertInto("users")
        .values({
          id: "u-bad-role",
          username: "mallory",
          username_key: "mallory",
          password_hash: "x",
          role: "root" as "admin",
          disabled: 0,
          created_at: now,
          updated_at: now,
          password_changed_at: now,
        })
        .execute(),
    ).rejects.toThrow();
    expect(await t.db.selectFrom("users").selectAll().execute()).toEqual([]);
  });
});

describe("migrations on PostgreSQL with another copy of the portal in the same database", () => {
  it("keeps each schema's bookkeeping to itself", async () => {
    const first = await openPostgresTestDb();
    const second = await openPostgresTestDb({ migrate: false });
    try {
      expect(await migrateToLatest(second.db)).toEqual([
        "0001_core",
        "0002_backups",
        "0003_key_backup_refusal",
        "0004_fleet",
        "0005_history_indexes",
        "0007_connection_test_limits",
        "0009_must_change_password",
        "0010_backup_verification",
        "0011_service_tokens",
      ]);
      const { rows } = await sql<{ schema: string }>`
        select table_schema as schema from information_schema.tables
        where table_name = 'kysely_migration' and table_schema in (${first.location}, ${second.location})
        order by 1`.execute(second.db);
      expect(rows.map((row) => row.schema).sort()).toEqual([first.location, second.location].sort());
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe("the SQLite file", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openSqliteTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is in WAL mode with synchronous FULL and foreign keys on for the portal's connection", async () => {
    const pragma = async (name: string) =>
      (await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(t.db)).rows[0];
    expect(await pragma("journal_mode")).toEqual({ journal_mode: "wal" });
    expect(await pragma("synchronous")).toEqual({ synchronous: 2 });
    expect(await pragma("foreign_keys")).toEqual({ foreign_keys: 1 });
    expect(await pragma("busy_timeout")).toEqual({ timeout: 5000 });
  });

  it("stays in WAL mode for any other connection, and is private to its owner", () => {
    const other = new SqliteDatabase(t.location, { readonly: true });
    try {
      expect(other.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      other.close();
    }
    expect(statSync(t.location).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(t.location)).mode & 0o777).toBe(0o700);
  });
});
