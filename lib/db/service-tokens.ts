import "server-only";

import type { Kysely, Selectable } from "kysely";

import type { Database, ServiceTokensTable } from "./schema";

export interface ServiceToken {
  id: string;
  name: string;
  role: "operator" | "viewer";
  /** The systems it is limited to; null: every system. */
  systemIds: string[] | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function parseSystemIds(text: string | null): string[] | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === "string")) {
    throw new Error("service_tokens.system_ids is not a JSON array of strings");
  }
  return parsed as string[];
}

function toToken(row: Selectable<ServiceTokensTable>): ServiceToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    systemIds: parseSystemIds(row.system_ids),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertServiceToken(
  db: Kysely<Database>,
  input: Omit<ServiceToken, "lastUsedAt" | "revokedAt"> & { tokenHash: string },
): Promise<void> {
  await db
    .insertInto("service_tokens")
    .values({
      id: input.id,
      name: input.name,
      role: input.role,
      token_hash: input.tokenHash,
      system_ids: input.systemIds === null ? null : JSON.stringify(input.systemIds),
      created_by: input.createdBy,
      created_at: input.createdAt,
      expires_at: input.expiresAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
}

/** The tokens not revoked, newest first. */
export async function listActiveServiceTokens(db: Kysely<Database>): Promise<ServiceToken[]> {
  const rows = await db
    .selectFrom("service_tokens")
    .selectAll()
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map(toToken);
}

export async function findServiceTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ServiceToken | undefined> {
  const row = await db.selectFrom("service_tokens").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
  return row && toToken(row);
}

/** Revokes a token not revoked yet; answers it, or undefined when there is none such. */
export async function revokeServiceToken(
  db: Kysely<Database>,
  id: string,
  now: string,
): Promise<ServiceToken | undefined> {
  const row = await db
    .updateTable("service_tokens")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  return row && toToken(row);
}

/** Stamps its use, unless it was stamped after `staleBefore` already (at most one write a minute). */
export async function touchServiceToken(
  db: Kysely<Database>,
  id: string,
  now: string,
  staleBefore: string,
): Promise<void> {
  await db
    .updateTable("service_tokens")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", staleBefore)]))
    .execute();
}
