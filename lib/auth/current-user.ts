import "server-only";

import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";

import { getDb } from "@/lib/db/connection";
import { changePasswordHref, safeNextPath } from "@/lib/schemas/next-path";
import { hasRole, type Role } from "@/lib/schemas/role";

import { clientAddress, isHttpsRequest } from "./client-address";
import { readSessionCookie, resolveSession, type SessionUser } from "./sessions";

export type { SessionUser } from "./sessions";

/** The user behind the session cookie named for the request's scheme (see readSessionCookie). */
async function userFromHeaders(requestHeaders: Headers): Promise<SessionUser | null> {
  const cookieValue = readSessionCookie(requestHeaders.get("cookie"), { secure: isHttpsRequest(requestHeaders) });
  if (!cookieValue) return null;
  return resolveSession(await getDb(), cookieValue, { clientIp: clientAddress(requestHeaders) });
}

/** For route handlers (through withSession): the user behind the request's session cookie. */
export async function authenticateRequest(request: Request): Promise<SessionUser | null> {
  return userFromHeaders(request.headers);
}

/**
 * For server components and pages. Cached per request, so a layout and a page asking both cost
 * one database read.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  return userFromHeaders(new Headers(await headers()));
});

/**
 * For pages: the signed-in user, else a redirect to the sign-in page (coming back to `next`
 * afterwards), or to the password change when an admin reset the password, else, when the role
 * is lacking, the 403 page (app/forbidden.tsx).
 */
export async function requireUser(role: Role = "viewer", options: { next?: string } = {}): Promise<SessionUser> {
  const user = await getCurrentUser();
  const next = options.next === undefined ? undefined : safeNextPath(options.next, "");
  const query = next ? `?next=${encodeURIComponent(next)}` : "";
  if (!user) redirect(`/login${query}`);
  // A password an admin reset is replaced before anything else is shown.
  if (user.mustChangePassword) redirect(changePasswordHref(next));
  if (!hasRole(user.role, role)) forbidden();
  return user;
}
