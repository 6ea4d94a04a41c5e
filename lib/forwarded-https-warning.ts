import "server-only";

import type { Env } from "@/lib/env";
import { logger } from "@/lib/log";

/*
 * A portal behind a TLS-terminating proxy needs TRUST_PROXY=true or an https:// PORTAL_PUBLIC_URL
 * to know it is served over HTTPS; without either, its cookie lacks Secure and no HSTS is sent,
 * and nothing fails to show it. The start-up sees no request, so proxy.ts asks here on each one:
 * a request that says it came over https while neither setting is there gets one warning line
 * per process. A client can send the header itself too, hence "probably"; it changes nothing else.
 */

export const FORWARDED_HTTPS_WARNING =
  "A request arrived with X-Forwarded-Proto: https (or Forwarded: proto=https), so the portal is probably served over TLS by a reverse proxy, " +
  "but neither TRUST_PROXY=true nor an https:// PORTAL_PUBLIC_URL is set: the session cookie goes without Secure and no HSTS is sent. " +
  "Set TRUST_PROXY=true when that proxy is the portal's only peer, or PORTAL_PUBLIC_URL to the https:// address users reach";

/** Whether any X-Forwarded-Proto entry, or any proto= of a Forwarded element (RFC 7239), is https. */
export function saysForwardedHttps(headers: Headers): boolean {
  const xForwardedProto = (headers.get("x-forwarded-proto") ?? "").split(",");
  if (xForwardedProto.some((entry) => entry.trim().toLowerCase() === "https")) return true;
  const pairs = (headers.get("forwarded") ?? "").split(/[,;]/).map((pair) => pair.split("="));
  return pairs.some(
    ([name, value]) =>
      name?.trim().toLowerCase() === "proto" && value?.trim().replace(/^"|"$/g, "").toLowerCase() === "https",
  );
}

/** The request says https, yet the settings would not take it as HTTPS. */
export function forwardedHttpsUnconfigured(headers: Headers, env: Pick<Env, "publicUrl" | "trustProxy">): boolean {
  if (env.trustProxy || env.publicUrl?.startsWith("https:")) return false;
  return saysForwardedHttps(headers);
}

/** On globalThis, so a module evaluated in more than one bundle still warns once per process. */
const WARNED = Symbol.for("kbp.forwardedHttpsWarned");

function logWarning(message: string): void {
  logger.warn(
    { event: "portal.forwarded_https_unconfigured", settings: ["TRUST_PROXY", "PORTAL_PUBLIC_URL"] },
    message,
  );
}

/** One warning line the first time forwardedHttpsUnconfigured holds in this process; a flag check after that. */
export function warnOnceIfForwardedHttps(
  headers: Headers,
  env: Pick<Env, "publicUrl" | "trustProxy">,
  warn: (message: string) => void = logWarning,
): void {
  const flags = globalThis as { [WARNED]?: boolean };
  if (flags[WARNED] || !forwardedHttpsUnconfigured(headers, env)) return;
  flags[WARNED] = true;
  warn(FORWARDED_HTTPS_WARNING);
}
