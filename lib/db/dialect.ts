import "server-only";

import { PostgresAdapter, type Kysely } from "kysely";

export type DbKind = "sqlite" | "postgres";

/** Works on a transaction too, and on the untyped instance migrations receive. */
export function dialectOf<T>(db: Kysely<T>): DbKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}
