import "server-only";

/** The middle, the tail and the worst of a set of timings, in the unit they were given in. */
export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

/**
 * Nearest-rank percentile: always one of the measured values, never an interpolation, so a p95
 * of ten runs is simply the slowest of them.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("No values to take a percentile of");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function spread(values: readonly number[]): Spread {
  return {
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(percentile(values, 100)),
  };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Two decimals are plenty for milliseconds and MiB/s, and keep the JSON readable. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export const MIB = 1024 * 1024;
