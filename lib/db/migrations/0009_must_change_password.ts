import "server-only";

import { sql, type Kysely } from "kysely";

/**
 * A password an admin reset is theirs, not the user's: the account is marked until its owner
 * chooses a new one, and until then its sessions reach only the password change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("must_change_password", "integer", (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`must_change_password in (0, 1)`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("must_change_password").execute();
}
