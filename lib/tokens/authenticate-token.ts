import "server-only";

import type { Kysely } from "kysely";

import type { Actor } from "@/lib/actor";
import { throttled } from "@/lib/auth/sign-in";
import { addressRefusedFor, recordAddressFailure } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import type { Database } from "@/lib/db/schema";
import { findServiceTokenByHash, touchServiceToken } from "@/lib/db/service-tokens";
import { AppError } from "@/lib/errors";

import { hashToken, looksLikeToken } from "./token-secret";

const LAST_USED_EVERY_MS = 60_000;

/** The Authorization header's bearer token, "" for a Bearer header without one, null without a Bearer header. */
export function bearerToken(headers: Headers): string | null {
  const header = headers.get("authorization");
  if (header === null) return null;
  const match = /^\s*bearer(?:\s+(.*))?$/i.exec(header);
  if (!match) return null;
  return (match[1] ?? "").trim();
}

export function invalidToken(): AppError {
  return new AppError(
    "UNAUTHENTICATED",
    "The service token is not valid: unknown, revoked or expired. Ask an admin for a new one.",
  );
}

/**
 * The actor a bearer token stands for, or throws: THROTTLED (429, Retry-After) while the address
 * is refused, else UNAUTHENTICATED for an unknown, revoked or expired token (counted). Its use
 * is stamped on the token at most once a minute.
 */
export async function authenticateToken(db: Kysely<Database>, token: string, clientIp: string): Promise<Actor> {
  const at = now();
  const refusedFor = await addressRefusedFor(db, clientIp, at);
  if (refusedFor !== null) throw throttled(refusedFor);
  const found = looksLikeToken(token) ? await findServiceTokenByHash(db, hashToken(token)) : undefined;
  const usable =
    found && found.revokedAt === null && (found.expiresAt === null || Date.parse(found.expiresAt) > at.getTime());
  if (!found || !usable) {
    // Counted against the address exactly as a failed sign-in is, so tokens are no faster to guess.
    await recordAddressFailure(db, clientIp, at);
    throw invalidToken();
  }
  await touchServiceToken(db, found.id, at.toISOString(), new Date(at.getTime() - LAST_USED_EVERY_MS).toISOString());
  return {
    id: null,
    username: `token: ${found.name}`,
    role: found.role,
    clientIp,
    token: { id: found.id, name: found.name, systemIds: found.systemIds },
  };
}
