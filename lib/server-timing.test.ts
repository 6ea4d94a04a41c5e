import { describe, expect, it } from "vitest";

import { parseServerTiming, ServerTiming } from "./server-timing";

describe("ServerTiming", () => {
  it("writes each phase in the order first recorded, two decimals, total last and measured from the start", () => {
    const timing = new ServerTiming(100);
    timing.add("auth", 0.4216);
    timing.add("claim", 1.1);
    timing.add("audit", 0);
    expect(timing.header(112.346)).toBe("auth;dur=0.42, claim;dur=1.10, audit;dur=0.00, total;dur=12.35");
  });

  it("adds up a name recorded twice, and never goes below zero", () => {
    const timing = new ServerTiming(0);
    timing.add("headers", 1.5);
    timing.add("identity", 2);
    timing.add("headers", 2.25);
    timing.add("identity", -5);
    expect(timing.get("headers")).toBe(3.75);
    expect(timing.header(10)).toBe("headers;dur=3.75, identity;dur=2.00, total;dur=10.00");
  });

  it("measures work however it ends", async () => {
    const timing = new ServerTiming();
    await expect(timing.measure("ok", async () => "done")).resolves.toBe("done");
    await expect(
      timing.measure("failed", async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(timing.get("ok")).toBeGreaterThanOrEqual(0);
    expect(timing.get("failed")).toBeGreaterThanOrEqual(4);
  });

  it("refuses a name that is not a header token, so nothing else can get into the header", () => {
    const timing = new ServerTiming();
    for (const name of ["", "two words", "a,b", "a;dur=1", 'q"uote', "naïve"]) {
      expect(() => timing.add(name, 1), name).toThrow(/metric name/);
    }
  });

  it("sets the header on a response, replacing an earlier value", () => {
    const timing = new ServerTiming(performance.now() - 5);
    timing.add("auth", 1);
    const response = timing.applyTo(new Response(null, { headers: { "Server-Timing": "stale;dur=1" } }));
    const figures = parseServerTiming(response.headers.get("server-timing"));
    expect(Object.keys(figures)).toEqual(["auth", "total"]);
    expect(figures.total).toBeGreaterThanOrEqual(5);
  });

  it("parses a header back into figures", () => {
    expect(parseServerTiming("auth;dur=0.42, claim;desc=x;dur=1.10,total;dur=3")).toEqual({
      auth: 0.42,
      claim: 1.1,
      total: 3,
    });
    expect(parseServerTiming(null)).toEqual({});
    expect(parseServerTiming("nodur, ;dur=1")).toEqual({});
  });
});
