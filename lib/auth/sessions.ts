import "server-only";

import { createHash, randomBytes } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import type { Kysely } from "kysely";

import { recordAudit } from "@/lib/audit/record-audit";
import { now } from "@/lib/clock";
import {
  deleteExpiredSessions,
  findActiveSessionByHash,
  insertSession,
  revokeSession,
  revokeUserSessions,
  touchSession,
} from "@/lib/db/portal-sessions";
import type { Database } from "@/lib/db/schema";
import { getEnv, resolveSessionSecret, type Env } from "@/lib/env";
import type { Role } from "@/lib/schemas/role";

/*
 * A portal session is a random id in a sealed (encrypted, authenticated) iron-session cookie,
 * and a row keyed by the id's SHA-256 in portal_sessions. The cookie carries nothing else, so
 * the database alone decides who is signed in: revoking the row ends the session at once, even
 * for a copy of the cookie.
 */

export const SESSION_COOKIE = "kbp_session";
/** Over HTTPS: browsers take `__Host-` only with Secure, Path=/, no Domain; no subdomain can plant it. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** The cookie's name for a request served over HTTPS (`secure`) or plain HTTP (loopback, demo). */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Who a request is from, once its session checked out. */
export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  /** Identifies the session (for logout, or to keep it when changing one's own password). */
  sessionIdHash: string;
  /**
   * An admin reset the password: until the user chooses a new one, the session reaches only the
   * password change (and sign-out); withSession and requireUser enforce it.
   */
  mustChangePassword: boolean;
}

/** Why a session ended, as kept in portal_sessions.revoke_reason. */
export type RevokeReason = "logout" | "expired_idle" | "expired_absolute" | "user_disabled" | "password_changed";

// Writing last_seen_at on every request would turn each read into a write; a minute's
// imprecision in the idle timeout is the price.
const TOUCH_INTERVAL_MS = 60_000;
// Rows past their absolute end are kept a day, so a late request still finds (and audits) them.
const KEEP_EXPIRED_MS = 24 * 60 * 60_000;
// Sentinel for findActiveSessionByHash: any unrevoked row, expired or not, since expiry is
// judged here to tell an expired session (audited once) from an unknown one.
const ANY_TIME = "1970-01-01T00:00:00.000Z";

export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}

export function sessionLifetimes(
  env: Pick<Env, "sessionIdleMinutes" | "sessionAbsoluteHours"> = getEnv(),
): SessionLifetimes {
  return { idleMs: env.sessionIdleMinutes * 60_000, absoluteMs: env.sessionAbsoluteHours * 3_600_000 };
}

let secret: string | undefined;

function sessionSecret(): string {
  secret ??= resolveSessionSecret(getEnv());
  return secret;
}

/** 32 random bytes: the session's only credential. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

function sealTtlSeconds(): number {
  // Past the absolute lifetime the seal itself is worthless; the row decides before that.
  return Math.ceil((sessionLifetimes().absoluteMs + KEEP_EXPIRED_MS) / 1000);
}

export async function sealSessionId(sessionId: string): Promise<string> {
  return sealData({ sid: sessionId }, { password: sessionSecret(), ttl: sealTtlSeconds() });
}

/** The session id in a cookie value, or null for anything forged, tampered, expired or foreign. */
export async function unsealSessionId(cookieValue: string): Promise<string | null> {
  if (cookieValue.length === 0 || cookieValue.length > 4096) return null;
  try {
    const data = await unsealData<{ sid?: unknown }>(cookieValue, { password: sessionSecret(), ttl: sealTtlSeconds() });
    return typeof data.sid === "string" && /^[A-Za-z0-9_-]{43}$/.test(data.sid) ? data.sid : null;
  } catch {
    return null;
  }
}

export interface StartedSession {
  /** The sealed cookie value; hand it to sessionCookie(). */
  cookieValue: string;
  idHash: string;
  expiresAt: string;
}

/** A new session for a user who just proved who they are: always a new id, never a reused one. */
export async function startSession(
  db: Kysely<Database>,
  input: { userId: string; clientIp?: string | null; userAgent?: string | null },
): Promise<StartedSession> {
  const at = now();
  const sessionId = newSessionId();
  const idHash = hashSessionId(sessionId);
  const expiresAt = new Date(at.getTime() + sessionLifetimes().absoluteMs).toISOString();
  await deleteExpiredSessions(db, new Date(at.getTime() - KEEP_EXPIRED_MS).toISOString());
  await insertSession(db, {
    idHash,
    userId: input.userId,
    expiresAt,
    clientIp: input.clientIp ?? null,
    userAgent: input.userAgent?.slice(0, 256) ?? null,
    now: at.toISOString(),
  });
  return { cookieValue: await sealSessionId(sessionId), idHash, expiresAt };
}

/**
 * The signed-in user behind a cookie value, or null. Enforces the idle and absolute timeouts on
 * the server; a session found expired is revoked and audited exactly once (the conditional
 * revoke lets only one concurrent request win).
 */
export async function resolveSession(
  db: Kysely<Database>,
  cookieValue: string | undefined,
  context: { clientIp?: string | null } = {},
): Promise<SessionUser | null> {
  if (!cookieValue) return null;
  const sessionId = await unsealSessionId(cookieValue);
  if (!sessionId) return null;
  const idHash = hashSessionId(sessionId);
  const session = await findActiveSessionByHash(db, idHash, ANY_TIME);
  if (!session) return null;

  const at = now();
  const atIso = at.toISOString();
  const { idleMs } = sessionLifetimes();
  if (session.user.disabled) {
    // Disabling revokes sessions already; this covers a disable done straight in the database.
    await revokeSession(db, idHash, "user_disabled", atIso);
    return null;
  }
  const absoluteOver = session.expiresAt <= atIso;
  const idleOver = at.getTime() - Date.parse(session.lastSeenAt) >= idleMs;
  if (absoluteOver || idleOver) {
    const reason: RevokeReason = absoluteOver ? "expired_absolute" : "expired_idle";
    if (await revokeSession(db, idHash, reason, atIso)) {
      await recordAudit({
        db,
        actor: { id: session.user.id, username: session.user.username, clientIp: context.clientIp ?? null },
        action: "auth.session_expired",
        target: { type: "user", id: session.user.id, label: session.user.username },
        outcome: "success",
        detail: {
          reason: absoluteOver ? "absolute" : "idle",
          startedAt: session.createdAt,
          lastSeenAt: session.lastSeenAt,
        },
      });
    }
    return null;
  }
  if (at.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
    await touchSession(db, idHash, atIso);
  }
  const { id, username, role, mustChangePassword } = session.user;
  return { id, username, role, sessionIdHash: idHash, mustChangePassword };
}

/** Ends one session (logout). Returns false when it had already ended. */
export async function endSession(db: Kysely<Database>, idHash: string, reason: RevokeReason): Promise<boolean> {
  return revokeSession(db, idHash, reason, now().toISOString());
}

/** Ends every session of a user, except `exceptIdHash` (the one making the change, if theirs). */
export async function endUserSessions(
  db: Kysely<Database>,
  userId: string,
  reason: RevokeReason,
  exceptIdHash?: string,
): Promise<number> {
  return revokeUserSessions(db, userId, reason, exceptIdHash, now().toISOString());
}

// Where the scheme comes from (PORTAL_PUBLIC_URL, or a trusted proxy's X-Forwarded-Proto).
export { isHttpsRequest } from "./client-address";

export interface SessionCookie {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: "strict";
  path: "/";
  secure: boolean;
  maxAge?: number;
}

/**
 * The cookie's attributes. No Max-Age: a browser session cookie, gone when the browser closes;
 * the server's idle and absolute limits apply either way.
 */
export function sessionCookie(value: string, options: { secure: boolean }): SessionCookie {
  const { secure } = options;
  return { name: sessionCookieName(secure), value, httpOnly: true, sameSite: "strict", path: "/", secure };
}

/** Overwrites the cookie with an empty, already expired one. */
export function clearedSessionCookie(options: { secure: boolean }): SessionCookie {
  return { ...sessionCookie("", options), maxAge: 0 };
}

/** The session cookie's value in a Cookie header, under the name that fits the request's scheme. */
export function readSessionCookie(cookieHeader: string | null, options: { secure: boolean }): string | undefined {
  if (!cookieHeader) return undefined;
  const name = sessionCookieName(options.secure);
  for (const pair of cookieHeader.split(/;\s*/)) {
    const at = pair.indexOf("=");
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
