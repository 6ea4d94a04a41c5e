import { describe, expect, it } from "vitest";

import { shares } from "./fleet-load";
import type { LatencyFigures, ThroughputFigures } from "./results";
import { evaluateTargets, verdict } from "./targets";

const latency = (ratio: number, addedMs: number) => ({ ratio, addedMs }) as LatencyFigures;
const throughput = (ratio: number, rssGrowthMiB: number) => ({ ratio, rssGrowthMiB }) as ThroughputFigures;

describe("evaluateTargets", () => {
  it("says met, or by how much a target was missed, in its unit", () => {
    const targets = evaluateTargets({ latency: latency(1.62, 8), throughput: throughput(0.645, 41.5) });
    const results = { targets };
    expect(verdict(results, "latency-ratio")).toBe("≤ 1.5x: missed by 0.12x");
    expect(verdict(results, "latency-added")).toBe("≤ 10 ms: met");
    expect(verdict(results, "throughput")).toBe("≥ 70 %: missed by 5.5 points");
    expect(verdict(results, "rss-growth")).toBe("≤ 40 MiB: missed by 1.5 MiB");
    expect(targets.map((target) => target.met)).toEqual([false, true, false, false]);
  });

  it("has nothing to say of a section that did not run", () => {
    const results = { targets: evaluateTargets({ latency: latency(1.2, 3) }) };
    expect(results.targets).toHaveLength(2);
    expect(verdict(results, "throughput")).toBe("");
  });
});

describe("shares", () => {
  it("spreads the backups over the systems as evenly as it goes", () => {
    expect(shares(200, 20)).toEqual(Array.from({ length: 20 }, () => 10));
    expect(shares(7, 3)).toEqual([3, 2, 2]);
    expect(shares(2, 3)).toEqual([1, 1, 0]);
  });
});
