import "server-only";

import type { SimUser, StorageRole } from "./types";

/** Whether the user holds the role; Security Administrator (View & Modify) implies its View Only. */
export function hasRole(user: Pick<SimUser, "roles">, role: StorageRole): boolean {
  if (user.roles.includes(role)) return true;
  return role === "security-admin-view" && user.roles.includes("security-admin-modify");
}

/**
 * The first user of a system holding every one of the roles, e.g.
 * `userWithRoles(system, "storage-admin-view", "security-admin-modify")` for one who can back up.
 * Throws when the system has none.
 */
export function userWithRoles(system: { users: readonly SimUser[] }, ...roles: StorageRole[]): SimUser {
  const user = system.users.find((candidate) => roles.every((role) => hasRole(candidate, role)));
  if (!user) throw new Error(`No simulated user holds ${roles.join(" + ")}`);
  return user;
}
