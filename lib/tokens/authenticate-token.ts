import "server-only";

import type { Kysely } from "kysely";

import type { Actor } from "@/lib/actor";
import { throttled } from "@/lib/auth/sign-in";
import { THROTTLE_POLICY } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import { getThrottle, reserveAttempt, setThrottleBlock } from "@/lib/db/login-throttle";
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

/** How long an address stays refused, when it is; refusals count nothing. */
async function addressRefusal(db: Kysely<Database>, key: string, at: Date): Promise<number | null> {
  const state = await getThrottle(db, key);
  if (!state) return null;
  const blockedUntil = state.blockedUntil ? Date.parse(state.blockedUntil) : 0;
  const windowEnds = Date.parse(state.windowStartedAt) + THROTTLE_POLICY.windowMs;
  const full = state.failures >= THROTTLE_POLICY.address.limit && windowEnds > at.getTime();
  const until = Math.max(blockedUntil, full ? windowEnds : 0);
  if (until <= at.getTime()) return null;
  return Math.max(1, Math.ceil((until - at.getTime()) / 1000));
}

/**
 * A refused token counts against the client address exactly as a failed sign-in does (the
 * sign-in throttle's per-address limit, in the same table), so tokens cannot be guessed faster
 * than passwords; the failure that reaches the limit blocks the address.
 */
async function countFailure(db: Kysely<Database>, key: string, at: Date): Promise<void> {
  const { windowMs, blockMs, address } = THROTTLE_POLICY;
  const state = await reserveAttempt(db, key, at.toISOString(), windowMs, address.limit);
  if (state && state.failures >= address.limit) {
    await setThrottleBlock(db, key, new Date(at.getTime() + blockMs).toISOString());
  }
}

/**
 * The actor a bearer token stands for, or throws: THROTTLED (429, Retry-After) while the address
 * is refused, else UNAUTHENTICATED for an unknown, revoked or expired token (counted). Its use
 * is stamped on the token at most once a minute.
 */
export async function authenticateToken(db: Kysely<Database>, token: string, clientIp: string): Promise<Actor> {
  const at = now();
  const key = `ip:${clientIp}`;
  const refusedFor = await addressRefusal(db, key, at);
  if (refusedFor !== null) throw throttled(refusedFor);
  const found = looksLikeToken(token) ? await findServiceTokenByHash(db, hashToken(token)) : undefined;
  const usable =
    found && found.revokedAt === null && (found.expiresAt === null || Date.parse(found.expiresAt) > at.getTime());
  if (!found || !usable) {
    await countFailure(db, key, at);
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
