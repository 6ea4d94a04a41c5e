import "server-only";

import { closeSync, constants, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";

import { getEnv } from "../env";
import { logger } from "../log";
import { migrateToLatest } from "./migrate";
import type { Database } from "./schema";

export type DbConfig = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string; schema?: string };
export { dialectOf, type DbKind } from "./dialect";
export type Db = Kysely<Database>;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The file holds password hashes and the audit log: it is created with mode 0600 (never chmodded
 * afterwards, so there is no moment it is readable), SQLite gives its -wal and -shm files the
 * same mode, and a file that others can read is refused rather than used.
 */
function prepareSqliteFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR, 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `The database file ${file} can be read by other users (mode ${mode.toString(8).padStart(3, "0")}). Run "chmod 600 ${file}", then start the portal again.`,
    );
  }
}

function openSqlite(file: string): SqliteDatabase.Database {
  if (file !== ":memory:") prepareSqliteFile(file);
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers proceed during a write; FULL because an audit row or a revoked session
  // must survive a power cut once the call that wrote it has returned.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

function openPostgres(url: string, schema: string | undefined): pg.Pool {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid PostgreSQL schema name ${JSON.stringify(schema)}: use letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: schema === undefined ? undefined : `-c search_path=${schema}`,
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on("error", (error) => {
    logger.warn({ err: { message: error.message } }, "an idle PostgreSQL connection failed");
  });
  return pool;
}

export function createDb(config: DbConfig): Db {
  if (config.kind === "sqlite") {
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(config.file) }) });
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: openPostgres(config.url, config.schema) }) });
}

// On globalThis so that Next.js dev reloads, which re-evaluate this module, share one pool.
const holder = globalThis as typeof globalThis & { __keyBackupPortalDb?: Promise<Db> };

/** The process-wide database from the environment, migrated to the latest schema on first use. */
export function getDb(): Promise<Db> {
  holder.__keyBackupPortalDb ??= (async () => {
    const db = createDb(getEnv().database);
    try {
      await migrateToLatest(db);
      return db;
    } catch (error) {
      await db.destroy().catch(() => {});
      throw error;
    }
  })().catch((error: unknown) => {
    // Let the next request try again rather than caching the failure for the life of the process.
    holder.__keyBackupPortalDb = undefined;
    throw error;
  });
  return holder.__keyBackupPortalDb;
}
