import "server-only";

import { sql, type SelectQueryBuilder } from "kysely";

import { invalidField } from "@/lib/errors";

/** A page of rows, newest first, and the cursor of the next (older) page; null on the last one. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface KeysetOptions<O> {
  /** Rows per page, clamped to 1..max. */
  limit: number;
  max: number;
  /** A `nextCursor` of a previous page. */
  cursor?: string;
  /** The time column and the id column the rows are ordered by, newest first. */
  orderBy: readonly [time: string, id: string];
  /** The (time, id) of a row as the cursor holds it. */
  keyOf: (row: O) => readonly [string, string];
}

export const INVALID_CURSOR_MESSAGE = "The page cursor is not valid. Start again from the first page.";

function encodeCursor(key: readonly [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string") {
      return [value[0], value[1]];
    }
  } catch {
    // falls through to the error below
  }
  throw invalidField("cursor", INVALID_CURSOR_MESSAGE);
}

/**
 * Keyset paging on (time, id) rather than an offset, so rows added while someone pages do not
 * shift between pages. One row more than the page is read to learn whether another page follows.
 */
export async function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  options: KeysetOptions<O>,
): Promise<KeysetPage<O>> {
  const limit = Number.isFinite(options.limit)
    ? Math.min(Math.max(Math.trunc(options.limit), 1), options.max)
    : options.max;
  const [time, id] = options.orderBy.map((column) => sql.ref(column));
  let paged = query
    .orderBy(sql`${time} desc`)
    .orderBy(sql`${id} desc`)
    .limit(limit + 1);
  if (options.cursor !== undefined) {
    const [at, key] = decodeCursor(options.cursor);
    paged = paged.where(sql<boolean>`(${time}, ${id}) < (${at}, ${key})`);
  }
  const rows = await paged.execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(options.keyOf(last)) : null };
}
