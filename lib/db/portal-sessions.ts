import "server-only";

import type { Kysely, Selectable } from "kysely";

import { assertSha256Hex } from "./hashes";
import type { Database, PortalSessionsTable, UserRole } from "./schema";

export interface PortalSession {
  idHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  clientIp: string | null;
  userAgent: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
}

export interface ActiveSession extends PortalSession {
  user: { id: string; username: string; role: UserRole; disabled: boolean; mustChangePassword: boolean };
}

function toSession(row: Selectable<PortalSessionsTable>): PortalSession {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    clientIp: row.client_ip,
    userAgent: row.user_agent,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
  };
}

export async function insertSession(
  db: Kysely<Database>,
  input: {
    idHash: string;
    userId: string;
    expiresAt: string;
    clientIp?: string | null;
    userAgent?: string | null;
    now?: string;
  },
): Promise<PortalSession> {
  assertSha256Hex(input.idHash, "A session's idHash");
  const now = input.now ?? new Date().toISOString();
  const row: Selectable<PortalSessionsTable> = {
    id_hash: input.idHash,
    user_id: input.userId,
    created_at: now,
    last_seen_at: now,
    expires_at: input.expiresAt,
    client_ip: input.clientIp ?? null,
    user_agent: input.userAgent ?? null,
    revoked_at: null,
    revoke_reason: null,
  };
  await db.insertInto("portal_sessions").values(row).execute();
  return toSession(row);
}

/**
 * The session with this hash if it is neither revoked nor past its absolute expiry (nor, given
 * `idleSince`, unused since before it), with its user. Whether a disabled user may go on is the
 * caller's decision, so the flag comes along rather than filtering the row out.
 */
export async function findActiveSessionByHash(
  db: Kysely<Database>,
  idHash: string,
  now: string,
  options: { idleSince?: string } = {},
): Promise<ActiveSession | undefined> {
  let query = db
    .selectFrom("portal_sessions")
    .innerJoin("users", "users.id", "portal_sessions.user_id")
    .selectAll("portal_sessions")
    .select(["users.username", "users.role", "users.disabled", "users.must_change_password"])
    .where("portal_sessions.id_hash", "=", idHash)
    .where("portal_sessions.revoked_at", "is", null)
    .where("portal_sessions.expires_at", ">", now);
  if (options.idleSince !== undefined) query = query.where("portal_sessions.last_seen_at", ">=", options.idleSince);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toSession(row),
    user: {
      id: row.user_id,
      username: row.username,
      role: row.role,
      disabled: row.disabled !== 0,
      mustChangePassword: row.must_change_password !== 0,
    },
  };
}

/** Returns false when the session is unknown or revoked. */
export async function touchSession(db: Kysely<Database>, idHash: string, lastSeenAt: string): Promise<boolean> {
  const result = await db
    .updateTable("portal_sessions")
    .set({ last_seen_at: lastSeenAt })
    .where("id_hash", "=", idHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Returns false when the session is unknown or already revoked (whose first reason is kept). */
export async function revokeSession(
  db: Kysely<Database>,
  idHash: string,
  reason: string,
  now = new Date().toISOString(),
): Promise<boolean> {
  const result = await db
    .updateTable("portal_sessions")
    .set({ revoked_at: now, revoke_reason: reason })
    .where("id_hash", "=", idHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Revokes every live session of a user, e.g. on disable or password change; `exceptIdHash` keeps
 * the session that made the change. Returns how many were revoked.
 */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: string,
  reason: string,
  exceptIdHash?: string,
  now = new Date().toISOString(),
): Promise<number> {
  let query = db
    .updateTable("portal_sessions")
    .set({ revoked_at: now, revoke_reason: reason })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (exceptIdHash !== undefined) query = query.where("id_hash", "!=", exceptIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Removes sessions past their absolute expiry, revoked or not. Returns how many. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db.deleteFrom("portal_sessions").where("expires_at", "<=", now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
