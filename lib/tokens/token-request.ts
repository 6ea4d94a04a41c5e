import "server-only";

import type { Actor } from "@/lib/actor";
import type { SessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";

/** /api/systems/{id}/…: the system a route acts on. */
const SYSTEM_PATH = /^\/api\/systems\/([^/]+)(?:\/|$)/;

/**
 * A token limited to some systems reaches no other system's routes: checked by withSession for
 * every /api/systems/{id}/… route, before the handler runs (so no route can forget it).
 */
export function checkTokenSystemScope(actor: Actor, pathname: string): void {
  const allowed = actor.token?.systemIds;
  if (!allowed) return;
  const match = SYSTEM_PATH.exec(pathname);
  if (!match) return;
  let systemId: string;
  try {
    systemId = decodeURIComponent(match[1] ?? "");
  } catch {
    systemId = "";
  }
  if (!allowed.includes(systemId)) {
    throw new AppError(
      "FORBIDDEN",
      "This service token is limited to other systems. Ask an admin for a token for this one.",
    );
  }
}

/** Sign-out and the password change belong to a person's session, never to a token. */
export function tokenRefusedHere(): AppError {
  return new AppError("FORBIDDEN", "A service token cannot sign out or change a password; sign in as a user for that.");
}

/**
 * The SessionContext `user` of a token's request: no user id (the token is not a user; routes
 * that need one are closed to tokens), no session.
 */
export function tokenSessionUser(actor: Actor): SessionUser {
  return { id: "", username: actor.username, role: actor.role, sessionIdHash: "", mustChangePassword: false };
}
