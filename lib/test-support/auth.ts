import "server-only";

import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import pino from "pino";

import { startSession } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db/connection";
import { openSqliteTestDb, type TestDatabase } from "@/lib/db/test-databases";
import { insertUser, type User } from "@/lib/db/users";
import { logger } from "@/lib/log";
import type { Role } from "@/lib/schemas/role";

/*
 * Helpers for the auth, audit, CLI and route tests. Nothing in the portal imports this file.
 */

/**
 * Settings the tests need before anything reads getEnv(): a session secret (so nothing is written
 * to ./data) and no public URL (so Secure follows the request's scheme). Call at the top of a
 * test file's beforeAll, before the first request.
 */
export function prepareAuthTestEnv(): void {
  process.env.SESSION_SECRET ??= randomBytes(36).toString("base64url");
  delete process.env.PORTAL_PUBLIC_URL;
  // Audit events are mirrored as log lines; captureLogs() turns them back on where a test reads them.
  if (!process.env.LOG_LEVEL) logger.level = "silent";
}

const holder = globalThis as typeof globalThis & { __keyBackupPortalDb?: Promise<Db> };

/**
 * Makes getDb(), and so every route handler imported by the test, use `db` until the returned
 * function is called. It fills the process-wide holder that lib/db/connection.ts keeps on
 * globalThis, which getDb() returns as is once set; the test still owns and closes `db`.
 */
export function overrideDbForTests(db: Db): () => void {
  const previous = holder.__keyBackupPortalDb;
  holder.__keyBackupPortalDb = Promise.resolve(db);
  return () => {
    holder.__keyBackupPortalDb = previous;
  };
}

/** Captures the portal logger's output (after redaction, as it would reach stdout). */
export function captureLogs(): { lines: string[]; text(): string; restore(): void } {
  const target = logger as unknown as Record<symbol, unknown>;
  const original = target[pino.symbols.streamSym];
  const originalLevel = logger.level;
  const lines: string[] = [];
  target[pino.symbols.streamSym] = { write: (line: string) => void lines.push(line) };
  logger.level = "trace";
  return {
    lines,
    text: () => lines.join(""),
    restore: () => {
      target[pino.symbols.streamSym] = original;
      logger.level = originalLevel;
    },
  };
}

export async function addTestUser(
  db: Db,
  input: { username: string; role: Role; passwordHash: string },
): Promise<User> {
  return insertUser(db, { ...input, now: new Date().toISOString() });
}

/** A Cookie header value for a fresh session of `user`, without going through sign-in. */
export async function sessionCookieHeader(db: Db, user: Pick<User, "id">): Promise<string> {
  const session = await startSession(db, { userId: user.id });
  return `kbp_session=${encodeURIComponent(session.cookieValue)}`;
}

/**
 * One test user per role, named `${prefix}-${role}` (no usable password), each with a fresh
 * session: the Cookie headers by role.
 */
export async function sessionCookiesByRole<R extends Role>(
  db: Db,
  roles: readonly R[],
  prefix: string,
): Promise<Record<R, string>> {
  const cookies = {} as Record<R, string>;
  for (const role of roles) {
    const user = await addTestUser(db, { username: `${prefix}-${role}`, role, passwordHash: "not-used" });
    cookies[role] = await sessionCookieHeader(db, user);
  }
  return cookies;
}

/** A route test's database, with one signed-in user per role. */
export interface RouteTestDb<R extends Role> extends TestDatabase {
  /** The Cookie headers by role. */
  cookies: Record<R, string>;
}

/**
 * A route test's set-up: the test settings (prepareAuthTestEnv), a migrated SQLite database that
 * every route handler uses until close() (overrideDbForTests), and a fresh session per role, its
 * user named `${prefix}-${role}` (sessionCookiesByRole).
 */
export async function openRouteTestDb<R extends Role>(roles: readonly R[], prefix: string): Promise<RouteTestDb<R>> {
  prepareAuthTestEnv();
  const t = await openSqliteTestDb();
  const restoreDb = overrideDbForTests(t.db);
  const close = async () => {
    restoreDb();
    await t.close();
  };
  try {
    return { ...t, close, cookies: await sessionCookiesByRole(t.db, roles, prefix) };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A loopback origin: with PORTAL_PUBLIC_URL unset (as in the tests), only a loopback Host may change state. */
export const TEST_ORIGIN = "http://127.0.0.1:3000";

/** A request as the browser would send it: same-origin, JSON body when given. */
export function apiRequest(
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; headers?: Record<string, string>; origin?: string } = {},
): NextRequest {
  const origin = options.origin ?? TEST_ORIGIN;
  const headers = new Headers(options.headers);
  if (!headers.has("host")) headers.set("host", new URL(origin).host);
  if (method !== "GET" && !headers.has("origin")) headers.set("origin", origin);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  return new NextRequest(new URL(path, origin), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** The value of a cookie set by a response, or undefined. */
export function setCookieValue(response: Response, name = "kbp_session"): string | undefined {
  const header = response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
  if (!header) return undefined;
  return decodeURIComponent(header.slice(name.length + 1).split(";")[0] ?? "");
}

/** Context argument of a route handler. */
export function routeContext<P extends Record<string, string>>(params: P = {} as P) {
  return { params: Promise.resolve(params) };
}
