import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { apiErrorSchema } from "@/lib/schemas/api-error";
import { prepareAuthTestEnv, routeContext } from "@/lib/test-support/auth";

import { publicRoute } from "./with-session";

// PORTAL_PUBLIC_URL is unset here (prepareAuthTestEnv): only a loopback Host may change state.
const route = publicRoute({ body: z.strictObject({ name: z.string() }) }, async ({ body }) => Response.json(body));
const reader = publicRoute({}, async () => Response.json({ read: true }));

function post(host: string, origin: string | null): NextRequest {
  const headers = new Headers({ host, "content-type": "application/json" });
  if (origin !== null) headers.set("origin", origin);
  return new NextRequest(`http://${host}/api/thing`, { method: "POST", headers, body: JSON.stringify({ name: "x" }) });
}

async function errorCode(response: Response): Promise<string> {
  return apiErrorSchema.parse(await response.json()).error.code;
}

describe("the origin check without PORTAL_PUBLIC_URL", () => {
  beforeAll(() => prepareAuthTestEnv());

  it("refuses a state change sent to a non-loopback Host, even with a matching Origin (DNS rebinding)", async () => {
    for (const [host, origin] of [
      ["evil.example", "http://evil.example"],
      ["evil.example", null],
      ["portal.internal:3000", "http://portal.internal:3000"],
      ["127.0.0.1.evil.example", "http://127.0.0.1.evil.example"],
      ["localhost.evil.example", "http://localhost.evil.example"],
      ["10.0.0.5:3000", "http://10.0.0.5:3000"],
    ] as const) {
      const response = await route(post(host, origin), routeContext());
      expect(response.status, host).toBe(403);
      expect(await errorCode(response)).toBe("FORBIDDEN");
    }
  });

  it("refuses a request with no Host at all", async () => {
    const request = new NextRequest("http://127.0.0.1/api/thing", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    request.headers.delete("host");
    expect((await route(request, routeContext())).status).toBe(403);
  });

  it("takes a state change at a loopback Host, with any port, when the Origin matches it", async () => {
    for (const host of ["127.0.0.1", "127.0.0.1:3000", "[::1]", "[::1]:8080", "localhost", "LOCALHOST:3000"]) {
      const ok = await route(post(host, `http://${host}`), routeContext());
      expect(ok.status, host).toBe(200);
      expect(await ok.json()).toEqual({ name: "x" });
      expect((await route(post(host, null), routeContext())).status, `${host} without Origin`).toBe(200);
    }
  });

  it("still refuses a loopback Host with another Origin, or a cross-site fetch", async () => {
    expect((await route(post("127.0.0.1:3000", "http://evil.example"), routeContext())).status).toBe(403);
    expect((await route(post("127.0.0.1:3000", "http://127.0.0.1:3001"), routeContext())).status).toBe(403);
    const crossSite = post("127.0.0.1:3000", null);
    crossSite.headers.set("sec-fetch-site", "cross-site");
    expect((await route(crossSite, routeContext())).status).toBe(403);
  });

  it("lets reads through whatever the Host", async () => {
    const request = new NextRequest("http://evil.example/api/thing", { headers: { host: "evil.example" } });
    expect((await reader(request, routeContext())).status).toBe(200);
  });
});
