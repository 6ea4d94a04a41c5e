import "server-only";

import { requireRole, type Actor } from "@/lib/actor";
import type { User } from "@/lib/db/users";
import type { PublicUser } from "@/lib/schemas/user";

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    passwordChangedAt: user.passwordChangedAt,
    mustChangePassword: user.mustChangePassword,
  };
}

/**
 * The data layer's own check, behind the route's: only an admin manages users. The CLI is an
 * admin actor (id null, role admin); any actor without the admin role, a missing one included,
 * is refused, so forgetting it fails closed.
 */
export function assertMayManageUsers(actor: Actor): void {
  requireRole(actor, "admin", "manage users");
}
