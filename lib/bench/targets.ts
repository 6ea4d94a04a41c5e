import "server-only";

import type { BenchResults, TargetKey, TargetResult } from "./results";
import { round } from "./stats";

/** A figure that should stay at or under (`most`) or at or over (`least`) a bound. */
function target(
  key: TargetKey,
  name: string,
  value: number,
  bound: { most?: number; least?: number },
  unit: string,
): TargetResult {
  const limit = bound.most ?? bound.least!;
  const missedBy = round(Math.max(0, bound.most !== undefined ? value - limit : limit - value));
  const sign = bound.most !== undefined ? "≤" : "≥";
  const shown = unit === "x" ? `${limit}x` : `${limit} ${unit}`;
  return { key, name, target: `${sign} ${shown}`, value, met: missedBy === 0, missedBy, unit };
}

/** The targets, for the figures measured. Missing one is reported, never a failure of the run. */
export function evaluateTargets(results: Pick<BenchResults, "latency" | "throughput">): TargetResult[] {
  const out: TargetResult[] = [];
  const { latency, throughput } = results;
  if (latency) {
    out.push(target("latency-ratio", "portal median / direct median", latency.ratio, { most: 1.5 }, "x"));
    out.push(target("latency-added", "portal median - direct median", latency.addedMs, { most: 10 }, "ms"));
  }
  if (throughput) {
    const percent = round(throughput.ratio * 100);
    out.push(target("throughput", "portal throughput / direct, large file", percent, { least: 70 }, "%"));
    out.push(target("rss-growth", "peak RSS, large file - 1 MiB file", throughput.rssGrowthMiB, { most: 40 }, "MiB"));
  }
  return out;
}

/** "≤ 1.5x: met", or "≤ 1.5x: missed by 0.12x", in the target's unit (percentage points for a share). */
export function verdict(results: Pick<BenchResults, "targets">, key: TargetKey): string {
  const result = results.targets.find((candidate) => candidate.key === key);
  if (!result) return "";
  if (result.met) return `${result.target}: met`;
  const unit = result.unit === "%" ? " points" : result.unit === "x" ? "x" : ` ${result.unit}`;
  return `${result.target}: missed by ${result.missedBy}${unit}`;
}

/** What must be 0 and is not: a broken portal rather than a slow one. */
export function brokenFigures(results: BenchResults): string[] {
  const out: string[] = [];
  for (const load of [results.fleet, results.instances]) {
    if (!load) continue;
    const where = `${load.instances} instance${load.instances === 1 ? "" : "s"} on ${load.database}`;
    if (load.errors > 0) out.push(`${where}: ${load.errors} failed backup(s): ${load.errorSamples.join("; ")}`);
    if (load.leakedSessions > 0) out.push(`${where}: ${load.leakedSessions} storage session(s) left open`);
  }
  return out;
}
