import "server-only";

import type { Kysely } from "kysely";

import type { Database } from "./schema";

/** Every stored setting: its key and its value as parsed JSON (lib/settings checks the shape). */
export async function readSettingValues(db: Kysely<Database>): Promise<Record<string, unknown>> {
  const rows = await db.selectFrom("portal_settings").select(["key", "value"]).execute();
  const values: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      values[row.key] = JSON.parse(row.value) as unknown;
    } catch {
      // An unreadable value counts as unset; lib/settings falls back to the default.
    }
  }
  return values;
}

/** Inserts or replaces one setting. */
export async function writeSetting(
  db: Kysely<Database>,
  key: string,
  value: unknown,
  options: { now: string; updatedBy: string | null },
): Promise<void> {
  const row = { key, value: JSON.stringify(value), updated_at: options.now, updated_by: options.updatedBy };
  await db
    .insertInto("portal_settings")
    .values(row)
    .onConflict((conflict) =>
      conflict.column("key").doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();
}
