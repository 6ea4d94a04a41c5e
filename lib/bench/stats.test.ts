import { describe, expect, it } from "vitest";

import { percentile, spread } from "./stats";

describe("percentile", () => {
  it("takes the nearest rank, a measured value", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile([42], 95)).toBe(42);
  });

  it("refuses an empty set", () => {
    expect(() => percentile([], 50)).toThrow();
  });

  it("gives p50, p95 and max together", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(spread(values)).toEqual({ p50: 50, p95: 95, max: 100 });
  });
});
