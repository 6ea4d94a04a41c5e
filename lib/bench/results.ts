import "server-only";

import type { Spread } from "./stats";

/** Section 1: sequential backups of the 64 KiB key file, through the portal and direct, alternating. */
export interface LatencyFigures {
  fileBytes: number;
  runs: number;
  warmupRuns: number;
  /** From sending the request, in ms. */
  portal: { headersMs: Spread; lastByteMs: Spread };
  direct: { headersMs: Spread; lastByteMs: Spread };
  /** Portal median over direct median, to the last byte. */
  ratio: number;
  /** Portal median minus direct median, to the last byte, in ms. */
  addedMs: number;
  /** Median per phase of the portal's Server-Timing header; null when it sent none. */
  serverTiming: Record<string, number> | null;
  /** Every counted run, in order. */
  series: { portalMs: number; directMs: number }[];
  /** Backups after which the simulator was checked for open sessions (there must be none). */
  sessionChecks: number;
  maxDiscardWaitMs: number;
}

export interface StreamFigures {
  headersMs: number;
  lastByteMs: number;
  /** Bytes over the time from the response headers to the last byte. */
  throughputMiBps: number;
}

/** The resident memory of `next start` and its descendants during one backup through the portal. */
export interface MemoryFigures {
  fileBytes: number;
  /** Median over the second before the transfer. */
  baselineKiB: number;
  peakKiB: number;
  processes: number;
  samples: number;
  intervalMs: number;
  /** The longest stretch of the transfer without a sample. */
  maxGapMs: number;
  /** Every sample: ms since the request was sent, and the RSS in KiB. */
  series: { atMs: number; kib: number }[];
}

/** Section 2: one large key file each way, and the portal's memory for a 1 MiB and the large file. */
export interface ThroughputFigures {
  fileBytes: number;
  portal: StreamFigures;
  direct: StreamFigures;
  /** Portal MiB/s over direct MiB/s. */
  ratio: number;
  small: MemoryFigures;
  large: MemoryFigures;
  /** Peak RSS with the large file minus peak RSS with the 1 MiB one, in MiB. */
  rssGrowthMiB: number;
}

/** Sections 3 and 4: many systems backed up at once, each one backup after another. */
export interface LoadFigures {
  instances: number;
  database: "sqlite" | "postgres";
  systems: number;
  backups: number;
  /** One per instance before the timed load, not counted. */
  warmupBackups: number;
  seconds: number;
  backupsPerSecond: number;
  headersMs: Spread;
  lastByteMs: Spread;
  /** Backups refused, broken off, or delivering another file than the array's, warm-ups included. Must be 0. */
  errors: number;
  /** The first few of them. */
  errorSamples: string[];
  /** Storage sessions still open on the simulator once the load has settled. Must be 0. */
  leakedSessions: number;
}

/** Section 5: the fleet data and a filtered history page, in process, on a seeded database. */
export interface ReadFigures {
  database: "sqlite" | "postgres";
  systems: number;
  rows: number;
  seedSeconds: number;
  runs: number;
  fleetMs: Spread;
  /** One page of a system's history filtered by status, user and dates: the first, then the next. */
  historyPageMs: Spread;
}

export type TargetKey = "latency-ratio" | "latency-added" | "throughput" | "rss-growth";

export interface TargetResult {
  key: TargetKey;
  name: string;
  /** e.g. "≤ 1.5x". */
  target: string;
  value: number;
  met: boolean;
  /** How far past the target, in the target's unit; 0 when met. */
  missedBy: number;
  unit: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  node: string;
  cpus: number;
  quick: boolean;
  latency?: LatencyFigures;
  throughput?: ThroughputFigures;
  fleet?: LoadFigures;
  instances?: LoadFigures;
  reads?: ReadFigures[];
  targets: TargetResult[];
}
