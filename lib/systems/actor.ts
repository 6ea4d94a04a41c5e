import "server-only";
import { forbidden } from "@/lib/http/app-error";
import { hasRole, type Role } from "@/lib/schemas/role";

/** Who calls an operation: the signed-in user and the address the request came from. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  clientIp?: string;
}

/** The routes check the role already; operations that change things check it again. */
export function requireRole(actor: Actor, role: Role, what: string): void {
  if (!hasRole(actor.role, role)) throw forbidden(what);
}
