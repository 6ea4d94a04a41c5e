import { NextResponse, type NextRequest } from "next/server";

import { isHttpsRequest, UNTRUSTED_FORWARDED_HEADERS } from "@/lib/auth/client-address";
import { getEnv, type Env } from "@/lib/env";
import { warnOnceIfForwardedHttps } from "@/lib/forwarded-https-warning";

/** The request header that tells server components which page was asked for (for `?next=`). */
export const PATH_HEADER = "x-portal-path";

/** A year; no includeSubDomains, since sibling hosts of the portal are not the portal's to decide. */
export const HSTS = "max-age=31536000";

function isPrefetch(request: NextRequest): boolean {
  return request.headers.has("next-router-prefetch") || request.headers.get("purpose") === "prefetch";
}

/** A per-request nonce-based Content-Security-Policy for pages, as Next.js documents it. */
function contentSecurityPolicy(nonce: string, https: boolean): string {
  const development = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // React's style attributes (e.g. a progress bar's width); they cannot run code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * Runs before every page and API route:
 * - without TRUST_PROXY, removes the X-Forwarded-For, -Proto and -Host a client sent, so Next.js
 *   refills X-Forwarded-For from the socket's peer (lib/auth/client-address.ts);
 * - served over HTTPS (as for the cookie's Secure flag), adds Strict-Transport-Security;
 * - for pages (not prefetches), sets the per-request CSP nonce: only the portal's own scripts,
 *   carrying this request's nonce, may run.
 * Redirect and role checks are not done here; pages and routes check the session themselves.
 * The first request that says it came over https while the settings cannot take it as HTTPS
 * logs one warning (lib/forwarded-https-warning.ts).
 */
export function proxy(request: NextRequest) {
  const env = getEnv();
  warnOnceIfForwardedHttps(request.headers, env);
  return transportProxy(request, env);
}

/** proxy() with the settings passed in, for tests. */
export function transportProxy(request: NextRequest, env: Pick<Env, "publicUrl" | "trustProxy">): NextResponse {
  const https = isHttpsRequest(request, env);
  const requestHeaders = new Headers(request.headers);
  if (!env.trustProxy) for (const name of UNTRUSTED_FORWARDED_HEADERS) requestHeaders.delete(name);

  const page = !request.nextUrl.pathname.startsWith("/api/") && !isPrefetch(request);
  let policy: string | undefined;
  if (page) {
    const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
    policy = contentSecurityPolicy(nonce, https);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", policy);
    requestHeaders.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (policy) response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Everything but the build's static files, so no route sees a client's forwarded headers.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
