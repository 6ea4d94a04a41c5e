import "server-only";

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

import { createDb, type Db } from "./connection";
import { migrateToLatest } from "./migrate";

/** For the *.int.test.ts suites: each runs the same cases on both databases the portal supports. */
export interface TestDatabase {
  db: Db;
  /** The SQLite file, or the PostgreSQL schema. */
  location: string;
  close(): Promise<void>;
}

export const TEST_POSTGRES_URL = process.env.KBP_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function prepared(options: { migrate?: boolean }, database: TestDatabase): Promise<TestDatabase> {
  if (options.migrate === false) return database;
  try {
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

export async function openSqliteTestDb(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "kbp-db-"));
  const file = path.join(dir, "data", "portal.sqlite");
  const db = createDb({ kind: "sqlite", file });
  return prepared(options, {
    db,
    location: file,
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** A schema of its own per call, so parallel test files and leftovers of old runs never meet. */
export async function openPostgresTestDb(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const schema = `kbp_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const db = createDb({ kind: "postgres", url: TEST_POSTGRES_URL, schema });
  return prepared(options, {
    db,
    location: schema,
    async close() {
      await db.destroy();
      const cleaner = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await cleaner.connect();
      try {
        await cleaner.query(`drop schema ${schema} cascade`);
      } finally {
        await cleaner.end();
      }
    },
  });
}

export const TEST_DATABASES = [
  { kind: "sqlite", open: openSqliteTestDb },
  { kind: "postgres", open: openPostgresTestDb },
] as const;
