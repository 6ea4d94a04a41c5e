import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import nextConfig from "@/next.config";
import { HSTS, transportProxy } from "@/proxy";

import { clientAddress, isHttpsRequest } from "./client-address";

const direct = { publicUrl: undefined, trustProxy: false };
const behindProxy = { publicUrl: undefined, trustProxy: true };

function request(path: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`http://127.0.0.1:3000${path}`, { headers });
}

/** The request headers a page or route sees after proxy.ts, as Next.js applies its override. */
function forwardedToRoute(response: Response): Map<string, string> {
  const names = response.headers.get("x-middleware-override-headers")?.split(",") ?? [];
  return new Map(names.map((name) => [name, response.headers.get(`x-middleware-request-${name}`) ?? ""]));
}

describe("clientAddress", () => {
  it("is the right-most X-Forwarded-For entry, the one the nearest hop wrote", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9, 198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientAddress(new Request("http://p/", { headers: { "x-forwarded-for": "::ffff:10.0.0.7" } }))).toBe(
      "10.0.0.7",
    );
    expect(clientAddress(new Headers({ "x-forwarded-for": " , " }))).toBe("unknown");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});

describe("isHttpsRequest", () => {
  it("takes the right-most X-Forwarded-Proto entry only with TRUST_PROXY", () => {
    const headers = new Headers({ "x-forwarded-proto": "http, HTTPS" });
    expect(isHttpsRequest(headers, behindProxy)).toBe(true);
    expect(isHttpsRequest(headers, direct)).toBe(false);
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "https, http" }), behindProxy)).toBe(false);
    expect(isHttpsRequest(new Headers(), { publicUrl: "https://keys.example.com/", trustProxy: false })).toBe(true);
  });
});

describe("proxy.ts", () => {
  const forged = { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https", "x-forwarded-host": "evil.test" };

  it("without TRUST_PROXY, drops the client's X-Forwarded-* from pages and API routes alike", () => {
    for (const path of ["/api/me", "/systems"]) {
      const seen = forwardedToRoute(transportProxy(request(path, forged), direct));
      expect(seen.size).toBeGreaterThan(0);
      for (const name of ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"])
        expect(seen.has(name)).toBe(false);
    }
  });

  it("with TRUST_PROXY, keeps the proxy's headers", () => {
    const seen = forwardedToRoute(transportProxy(request("/api/me", forged), behindProxy));
    expect(seen.get("x-forwarded-for")).toBe("203.0.113.9");
    expect(seen.get("x-forwarded-proto")).toBe("https");
  });

  it("sends HSTS exactly when served over HTTPS, decided as for the cookie", () => {
    const hsts = (response: Response) => response.headers.get("strict-transport-security");
    expect(HSTS).toBe("max-age=31536000");
    expect(hsts(transportProxy(request("/api/me", forged), behindProxy))).toBe(HSTS);
    expect(hsts(transportProxy(request("/login", forged), direct))).toBeNull();
    expect(hsts(transportProxy(request("/login"), { publicUrl: "https://keys.example.com/", trustProxy: false }))).toBe(
      HSTS,
    );
  });

  it("puts the nonce CSP on pages only, with upgrade-insecure-requests over HTTPS", () => {
    const page = transportProxy(request("/systems", forged), behindProxy);
    expect(page.headers.get("content-security-policy")).toMatch(
      /script-src 'self' 'nonce-[^']+'.*upgrade-insecure-requests/,
    );
    expect(transportProxy(request("/systems", forged), direct).headers.get("content-security-policy")).not.toMatch(
      /upgrade-insecure-requests/,
    );
    expect(transportProxy(request("/api/me"), direct).headers.get("content-security-policy")).toBeNull();
  });
});

describe("next.config.ts", () => {
  it("marks every API answer no-store, Next.js's own 404 and 405 included", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const api = rules.find((rule) => rule.source === "/api/:path*");
    expect(api?.headers).toContainEqual({ key: "Cache-Control", value: "no-store" });
  });
});
