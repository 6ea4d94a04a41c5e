import "server-only";

import type { NextRequest } from "next/server";
import { z } from "zod";

import { userActor, type Actor } from "@/lib/actor";
import { clientAddress, isHttpsRequest } from "@/lib/auth/client-address";
import { authenticateRequest, type SessionUser } from "@/lib/auth/current-user";
import { passwordChangeRequired } from "@/lib/auth/password-change-required";
import { getDb } from "@/lib/db/connection";
import { getEnv } from "@/lib/env";
import { AppError, forbidden, unauthenticated } from "@/lib/errors";
import { hasRole, type Role } from "@/lib/schemas/role";
import { ServerTiming } from "@/lib/server-timing";
import { authenticateToken, bearerToken } from "@/lib/tokens/authenticate-token";
import { checkTokenSystemScope, tokenRefusedHere, tokenSessionUser } from "@/lib/tokens/token-request";

import { errorResponse } from "./error-response";
import { parseWithSchema, readJsonBody } from "./json-body";

type RouteParams = Record<string, string | string[] | undefined>;
type NextHandler = (request: NextRequest, context: { params: Promise<RouteParams> }) => Promise<Response>;

export interface PublicContext<B, P, Q> {
  request: NextRequest;
  body: B;
  params: P;
  query: Q;
  clientIp: string;
}
export interface SessionContext<B, P, Q> extends PublicContext<B, P, Q> {
  user: SessionUser;
  /** The signed-in user as domain operations and the audit log take them. */
  actor: Actor;
  /**
   * The request's phases from its arrival here, `auth` (the session check) already in. Only a
   * handler that sets the `Server-Timing` header (`timing.applyTo(response)`) sends it.
   */
  timing: ServerTiming;
}

interface RouteOptions<B, P, Q> {
  body?: z.ZodType<B>;
  params?: z.ZodType<P>;
  /** The URL's query string, each name once. */
  query?: z.ZodType<Q>;
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** A Host naming this machine's loopback interface (any port): no DNS name can rebind to it. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|\[::1\]|localhost)(?::\d{1,5})?$/i;

/**
 * The portal's own origin: PORTAL_PUBLIC_URL when set. Without it, only a loopback Host is taken
 * as the portal's address: any other Host could be a DNS name an attacker pointed at the portal
 * (DNS rebinding), and its page would then be "same-origin".
 */
function ownOrigin(request: NextRequest): string | null {
  const configured = getEnv().publicOrigin;
  if (configured) return configured;
  const host = request.headers.get("host")?.trim() ?? "";
  // The scheme as the portal decides it (TRUST_PROXY), never the client's X-Forwarded-Proto.
  const scheme = isHttpsRequest(request) ? "https:" : "http:";
  return LOOPBACK_HOST.test(host) ? `${scheme}//${host.toLowerCase()}` : null;
}

/**
 * Refuses cross-site state changes. Browsers send Origin on every non-GET request; a script
 * without one is not a browser riding on someone's cookie. Without PORTAL_PUBLIC_URL, state
 * changes are taken only at a loopback address.
 */
function checkOrigin(request: NextRequest): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const own = ownOrigin(request);
  if (own === null) {
    throw new AppError(
      "FORBIDDEN",
      "This address is not the portal's own. Set PORTAL_PUBLIC_URL to the address users reach the portal at.",
    );
  }
  const origin = request.headers.get("origin");
  if (request.headers.get("sec-fetch-site") === "cross-site" || (origin !== null && origin.toLowerCase() !== own)) {
    throw new AppError("FORBIDDEN", "Cross-origin request refused. Use the portal from its own address.");
  }
}

async function parseBody<B>(request: NextRequest, schema: z.ZodType<B> | undefined): Promise<B> {
  if (!schema) return undefined as B;
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.");
  }
  return parseWithSchema(schema, await readJsonBody(request));
}

async function parseParams<P>(context: { params: Promise<RouteParams> }, schema: z.ZodType<P> | undefined): Promise<P> {
  const raw = await context.params;
  if (!schema) return raw as P;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("NOT_FOUND", "No such resource.");
  return parsed.data;
}

function parseQuery<Q>(request: NextRequest, schema: z.ZodType<Q> | undefined): Q {
  if (!schema) return undefined as Q;
  return schema.parse(Object.fromEntries(request.nextUrl.searchParams));
}

function finish(response: Response): Response {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
  return response;
}

/** A route anyone may call (sign-in, first-run setup); still origin- and content-type-checked. */
export function publicRoute<B = undefined, P = RouteParams, Q = undefined>(
  options: RouteOptions<B, P, Q>,
  handler: (context: PublicContext<B, P, Q>) => Promise<Response>,
): NextHandler {
  return async (request, context) => {
    try {
      checkOrigin(request);
      const params = await parseParams(context, options.params);
      const query = parseQuery(request, options.query);
      const body = await parseBody(request, options.body);
      return finish(await handler({ request, body, params, query, clientIp: clientAddress(request) }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * The one wrapper every signed-in route uses: origin check, session, role, then the params, query
 * and body parsed with the shared schemas. A handler cannot forget any of them. With an
 * `Authorization: Bearer` header, a service token (lib/tokens) stands in for the session: its
 * role, its system limits, no Origin check.
 */
export function withSession<B = undefined, P = RouteParams, Q = undefined>(
  options: RouteOptions<B, P, Q> & {
    role: Role;
    action?: string;
    /** Open to a session whose password must be changed first (the password change, sign-out). */
    beforePasswordChange?: boolean;
  },
  handler: (context: SessionContext<B, P, Q>) => Promise<Response>,
): NextHandler {
  return async (request, context) => {
    const timing = new ServerTiming();
    try {
      const clientIp = clientAddress(request);
      const bearer = bearerToken(request.headers);
      let user: SessionUser;
      let actor: Actor;
      if (bearer !== null) {
        // A service token (lib/tokens) is not an ambient credential: no Origin check, and the
        // cookie is never looked at, so a bad token is refused even beside a good session.
        actor = await timing.measure("auth", async () => authenticateToken(await getDb(), bearer, clientIp));
        if (options.beforePasswordChange) throw tokenRefusedHere();
        if (!hasRole(actor.role, options.role)) throw forbidden(options.action);
        checkTokenSystemScope(actor, request.nextUrl.pathname);
        user = tokenSessionUser(actor);
      } else {
        checkOrigin(request);
        const sessionUser = await timing.measure("auth", () => authenticateRequest(request));
        if (!sessionUser) throw unauthenticated();
        if (sessionUser.mustChangePassword && !options.beforePasswordChange) throw passwordChangeRequired();
        if (!hasRole(sessionUser.role, options.role)) throw forbidden(options.action);
        user = sessionUser;
        actor = userActor(user, clientIp);
      }
      const params = await parseParams(context, options.params);
      const query = parseQuery(request, options.query);
      const body = await parseBody(request, options.body);
      return finish(await handler({ request, body, params, query, user, actor, clientIp, timing }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}
