import "server-only";
import type { User } from "@/lib/db/users";
import { forbidden } from "@/lib/http/app-error";
import type { Role } from "@/lib/schemas/role";
import type { PublicUser } from "@/lib/schemas/user";

/** Where a user-management change comes from, for the audit log. */
export interface ChangeContext {
  /**
   * A signed-in user (id and role from their session), or the CLI (id null), which is trusted
   * because it runs with direct access to the database.
   */
  actor: { id: string | null; username: string; role?: Role };
  /** The acting session: kept when an admin changes their own password. */
  actorSessionIdHash?: string;
  clientIp?: string | null;
  /** Added to each audit row, e.g. `{ via: "cli", osUser }`. */
  auditDetail?: Record<string, unknown>;
}

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    passwordChangedAt: user.passwordChangedAt,
  };
}

/**
 * The data layer's own check, behind the route's: only an admin (or the CLI) manages users. A
 * web actor passed without a role is refused, so forgetting it fails closed.
 */
export function assertMayManageUsers(context: ChangeContext): void {
  if (context.actor.id !== null && context.actor.role !== "admin") throw forbidden("manage users");
}
