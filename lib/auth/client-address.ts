import "server-only";

/**
 * The client's address. Next.js fills X-Forwarded-For from the socket only when the request has
 * none, so the right-most entry is the one added by the nearest hop: the socket peer, or the
 * reverse proxy in front of the portal (which must set or append the header). A client reaching
 * the portal directly can forge it; throttling per account does not depend on it.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for") ?? "";
  const last =
    forwarded
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1) ?? "unknown";
  return last.replace(/^::ffff:/, "").slice(0, 64);
}
