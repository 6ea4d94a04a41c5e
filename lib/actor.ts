import "server-only";

import { forbidden } from "@/lib/errors";
import { hasRole, type Role } from "@/lib/schemas/role";

/**
 * Who performs an operation, as every domain operation and the audit log see it: a signed-in
 * user (id and role from their session, address from the request), or the CLI (id null; trusted
 * as an admin because it runs with direct access to the database).
 */
export interface Actor {
  id: string | null;
  username: string;
  role: Role;
  clientIp: string | null;
  /**
   * Set when a service token (lib/tokens) performs it: `id` is then null and `username` is
   * "token: <name>", so the audit log and the history name the token.
   */
  token?: ActorToken;
}

export interface ActorToken {
  id: string;
  name: string;
  /** The systems it is limited to; null: every system. */
  systemIds: string[] | null;
}

/** Who an audit row names: an actor, or someone not signed in yet (a name typed at sign-in). */
export type AuditActor = Pick<Actor, "id" | "username" | "clientIp">;

export function userActor(user: { id: string; username: string; role: Role }, clientIp: string | null): Actor {
  return { id: user.id, username: user.username, role: user.role, clientIp };
}

/** The routes check the role already; operations that change things check it again, failing closed. */
export function requireRole(actor: Actor, role: Role, what: string): void {
  if (!hasRole(actor.role, role)) throw forbidden(what);
}
