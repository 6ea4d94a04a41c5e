import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { createDb, getDb } from "./connection";
import { migrateToLatest } from "./migrate";
import { countUsers } from "./users";

describe("getDb", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), "kbp-getdb-")), "data");
    vi.stubEnv("PORTAL_DATA_DIR", dataDir);
    vi.stubEnv("DATABASE_URL", "");
  });
  afterAll(async () => {
    const holder = globalThis as { __keyBackupPortalDb?: Promise<{ destroy(): Promise<void> }> };
    await (await holder.__keyBackupPortalDb)?.destroy();
    delete holder.__keyBackupPortalDb;
    vi.unstubAllEnvs();
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it("opens one migrated SQLite database in the data folder for the whole process", async () => {
    const [first, second] = await Promise.all([getDb(), getDb()]);
    expect(first).toBe(second);
    expect(await getDb()).toBe(first);
    expect(await countUsers(first)).toBe(0);
    expect(statSync(path.join(dataDir, "portal.sqlite")).isFile()).toBe(true);
  });
});

describe("createDb", () => {
  it("creates the SQLite file and its WAL readable by the owner only, and refuses a file others can read", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kbp-mode-"));
    try {
      const file = path.join(dir, "data", "portal.sqlite");
      const db = createDb({ kind: "sqlite", file });
      await migrateToLatest(db);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      await db.destroy();

      const exposed = path.join(dir, "exposed.sqlite");
      writeFileSync(exposed, "", { mode: 0o644 });
      expect(() => createDb({ kind: "sqlite", file: exposed })).toThrow(
        /can be read by other users \(mode 644\)\. Run "chmod 600 .*exposed\.sqlite"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a PostgreSQL schema name it would have to quote", () => {
    expect(() =>
      createDb({ kind: "postgres", url: "postgres://postgres@127.0.0.1/test", schema: "x; drop table users" }),
    ).toThrow(/Invalid PostgreSQL schema name/);
  });
});
