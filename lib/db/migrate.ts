import "server-only";

import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";

import { errorMessage } from "@/lib/errors/error-message";

import { dialectOf } from "./dialect";
import * as m0001 from "./migrations/0001_core";
import * as m0002 from "./migrations/0002_backups";
import * as m0003 from "./migrations/0003_key_backup_refusal";
import * as m0004 from "./migrations/0004_fleet";
import * as m0005 from "./migrations/0005_history_indexes";
import * as m0007 from "./migrations/0007_connection_test_limits";
import * as m0009 from "./migrations/0009_must_change_password";
import * as m0010 from "./migrations/0010_backup_verification";
import * as m0011 from "./migrations/0011_service_tokens";

// Listed here rather than read from the folder: the Next.js server bundle has no migrations folder.
const MIGRATIONS: Record<string, Migration> = {
  "0001_core": m0001,
  "0002_backups": m0002,
  "0003_key_backup_refusal": m0003,
  "0004_fleet": m0004,
  "0005_history_indexes": m0005,
  "0007_connection_test_limits": m0007,
  "0009_must_change_password": m0009,
  "0010_backup_verification": m0010,
  "0011_service_tokens": m0011,
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/**
 * Kysely looks for its bookkeeping tables in every schema it can see, so a PostgreSQL database
 * holding another copy of the portal (say in public) would fool it; naming the schema this
 * connection works in keeps each copy to its own.
 */
async function migrationTableSchema<T>(db: Kysely<T>): Promise<string | undefined> {
  if (dialectOf(db) !== "postgres") return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new Error("Database migration failed: no schema of the search_path exists in this PostgreSQL database");
  }
  return schema;
}

/** Brings the schema up to date; a no-op when it already is, so every start may run it. Returns the names of the migrations it applied. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableSchema: await migrationTableSchema(db) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === "Error")?.migrationName;
    const reason = errorMessage(error);
    throw new Error(`Database migration ${failed ?? "set-up"} failed: ${reason}`, { cause: error });
  }
  return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
}
