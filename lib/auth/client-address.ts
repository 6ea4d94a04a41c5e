import "server-only";

import { getEnv, type Env } from "@/lib/env";

/*
 * What the portal believes about the transport: the scheme (for the cookie's Secure flag and name,
 * HSTS and the CSP) and the client's address (for throttling and the audit log).
 *
 * `next start` serves plain HTTP only, and Next.js fills X-Forwarded-For (from the socket's peer)
 * and X-Forwarded-Proto (`http`) only when the request has none, keeping whatever a client sent
 * instead. It also builds `request.url` from the client's X-Forwarded-Proto, so the URL's scheme
 * is never evidence. Hence:
 *
 * - TRUST_PROXY=false (the portal is reached directly): proxy.ts drops the client's
 *   X-Forwarded-For, -Proto and -Host before any page or route sees them, so Next.js refills
 *   X-Forwarded-For with the socket's peer alone. The scheme is HTTPS only when PORTAL_PUBLIC_URL
 *   says so.
 * - TRUST_PROXY=true (a reverse proxy is the only peer): the headers are kept; the right-most
 *   X-Forwarded-For entry is the one the nearest proxy appended (or set), and the right-most
 *   X-Forwarded-Proto entry is the scheme it was reached over. A proxy that fails to set them
 *   leaves them to the client.
 */

type Trust = Pick<Env, "publicUrl" | "trustProxy">;

/** The headers proxy.ts removes from every request when TRUST_PROXY is false. */
export const UNTRUSTED_FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"] as const;

function headersOf(source: Request | Headers): Headers {
  return source instanceof Headers ? source : source.headers;
}

function rightMostEntry(value: string | null): string | undefined {
  return (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
}

/**
 * Served over HTTPS: PORTAL_PUBLIC_URL is https, or, with TRUST_PROXY, the proxy's
 * X-Forwarded-Proto (right-most entry) says https. Decides the cookie's Secure flag and name,
 * HSTS and upgrade-insecure-requests alike.
 */
export function isHttpsRequest(source: Request | Headers, env: Trust = getEnv()): boolean {
  if (env.publicUrl?.startsWith("https:")) return true;
  if (!env.trustProxy) return false;
  return rightMostEntry(headersOf(source).get("x-forwarded-proto"))?.toLowerCase() === "https";
}

/**
 * The client's address: the right-most X-Forwarded-For entry. With TRUST_PROXY=false that is the
 * socket's peer (proxy.ts removed the client's copy, Next.js refilled it); with TRUST_PROXY=true it
 * is what the nearest proxy appended, so entries a client wrote further left are ignored.
 */
export function clientAddress(source: Request | Headers): string {
  const last = rightMostEntry(headersOf(source).get("x-forwarded-for")) ?? "unknown";
  return last.replace(/^::ffff:/, "").slice(0, 64);
}
