import { describe, expect, it } from "vitest";

import { medianPhases, parseServerTiming } from "./timing-header";

describe("parseServerTiming", () => {
  it("reads every entry with a duration, whatever its name", () => {
    expect(parseServerTiming('auth;dur=0.42, claim;desc="db";dur=1.1,total;dur=12.34, cache')).toEqual([
      ["auth", 0.42],
      ["claim", 1.1],
      ["total", 12.34],
    ]);
    expect(parseServerTiming(undefined)).toEqual([]);
  });
});

describe("medianPhases", () => {
  it("gives the median per phase, known phases in display order and others after them", () => {
    const headers = ["total;dur=10, db;dur=1, auth;dur=3", "auth;dur=1, total;dur=30", "auth;dur=2, total;dur=20"];
    const phases = medianPhases(headers);
    expect(phases).toEqual({ auth: 2, total: 20, db: 1 });
    expect(Object.keys(phases!)).toEqual(["auth", "total", "db"]);
  });

  it("is undefined without any Server-Timing", () => {
    expect(medianPhases([undefined, undefined])).toBeUndefined();
  });
});
