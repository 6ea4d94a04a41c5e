import "server-only";

import type { Kysely } from "kysely";

import { assertSha256Hex } from "./hashes";
import type { Database } from "./schema";

export async function insertSetupToken(
  db: Kysely<Database>,
  input: { tokenHash: string; expiresAt: string; now?: string },
): Promise<void> {
  assertSha256Hex(input.tokenHash, "A setup token's hash");
  await db
    .insertInto("setup_tokens")
    .values({
      token_hash: input.tokenHash,
      created_at: input.now ?? new Date().toISOString(),
      expires_at: input.expiresAt,
      used_at: null,
    })
    .execute();
}

/**
 * Marks the token used if it is unused and unexpired, and says whether this call did so. One
 * conditional UPDATE: of two concurrent uses the database lets exactly one change the row.
 */
export async function consumeSetupToken(db: Kysely<Database>, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("setup_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Makes every outstanding token unusable, e.g. once the first admin exists. Returns how many. */
export async function invalidateSetupTokens(db: Kysely<Database>, now = new Date().toISOString()): Promise<number> {
  const result = await db
    .updateTable("setup_tokens")
    .set({ used_at: now })
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
