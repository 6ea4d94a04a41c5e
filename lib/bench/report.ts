import "server-only";

import { MIB, type Spread } from "./stats";

export interface LatencyFigures {
  headersMs: Spread;
  lastByteMs: Spread;
  /** Every counted run, in order, for whoever wants more than the summary. */
  runs: { headersMs: number; lastByteMs: number }[];
}

export interface StreamFigures {
  headersMs: number;
  lastByteMs: number;
  /** Bytes over the time from the response headers to the last byte. */
  throughputMiBps: number;
}

export interface MemoryFigures {
  /** Median over the second before the transfer. */
  baselineKiB: number;
  peakKiB: number;
  growthKiB: number;
  /** How many processes `next start` and its descendants were. */
  processes: number;
  samples: number;
  intervalMs: number;
  maxGapMs: number;
  /** Every sample of the transfer: ms since the request was sent, and the RSS in KiB. */
  series: { atMs: number; kib: number }[];
}

export interface BenchResults {
  startedAt: string;
  node: string;
  cpus: number;
  runs: number;
  warmupRuns: number;
  normalFile: { bytes: number; sha256: string };
  latency: { portal: LatencyFigures; direct: LatencyFigures };
  largeFile: {
    bytes: number;
    sha256: string;
    portal: StreamFigures;
    direct: StreamFigures;
    portalMemory: MemoryFigures;
  };
  sessions: { checks: number; maxDiscardWaitMs: number };
}

/** Left-aligned first column, right-aligned figures, two spaces between columns. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const TELLING_FILE_BYTES = 128 * MIB;

const ms = (value: number) => value.toFixed(1);
const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
const signed = (value: number) => `${value >= 0 ? "+" : ""}${ms(value)}`;

function latencyTable(latency: BenchResults["latency"]): string {
  const row = (label: string, figures: LatencyFigures) => [
    label,
    ms(figures.headersMs.p50),
    ms(figures.headersMs.p95),
    ms(figures.headersMs.max),
    ms(figures.lastByteMs.p50),
    ms(figures.lastByteMs.p95),
    ms(figures.lastByteMs.max),
  ];
  const { portal, direct } = latency;
  return table([
    ["", "headers p50", "p95", "max", "last byte p50", "p95", "max"],
    row("  portal over HTTP", portal),
    row("  storage client direct", direct),
    // At the median only: a difference of two tails, each one or two noisy runs, means little.
    [
      "  portal overhead (p50)",
      signed(portal.headersMs.p50 - direct.headersMs.p50),
      "",
      "",
      signed(portal.lastByteMs.p50 - direct.lastByteMs.p50),
      "",
      "",
    ],
  ]);
}

function streamTable(large: BenchResults["largeFile"]): string {
  const row = (label: string, figures: StreamFigures) => [
    label,
    ms(figures.headersMs),
    ms(figures.lastByteMs),
    figures.throughputMiBps.toFixed(1),
  ];
  return table([
    ["", "headers (ms)", "last byte (ms)", "MiB/s"],
    row("  portal over HTTP", large.portal),
    row("  storage client direct", large.direct),
  ]);
}

function memoryLines(large: BenchResults["largeFile"]): string {
  const memory = large.portalMemory;
  const share = ((memory.growthKiB * 1024) / large.bytes) * 100;
  const lines = [
    `  Portal server RSS (next start, ${memory.processes} process${memory.processes === 1 ? "" : "es"}, every ${memory.intervalMs} ms):`,
    `    baseline ${mib(memory.baselineKiB)}, peak ${mib(memory.peakKiB)} during the transfer: ${mib(memory.growthKiB)} more, ${share.toFixed(1)}% of the file`,
    `    (${memory.samples} samples, longest gap ${ms(memory.maxGapMs)} ms)`,
  ];
  // The server's own churn (young-generation GC, socket buffers) is a few tens of MiB whatever the
  // file, so only a large file tells streaming from buffering.
  if (large.bytes < TELLING_FILE_BYTES) {
    lines.push(
      `    (a file under ${TELLING_FILE_BYTES / MIB} MiB is too small to tell streaming from the server's own working memory)`,
    );
  } else if (share >= 50) {
    // Not a failure of the run, but the one thing this figure is there to catch.
    lines.push("    WARNING: the portal's memory grew by half the file or more; is the body being buffered?");
  }
  return lines.join("\n");
}

/** The compact report for stdout. */
export function formatReport(results: BenchResults): string {
  const large = results.largeFile;
  return `
Key-backup portal benchmark: Node ${results.node}, ${results.cpus} CPUs, ${results.runs} runs each after ${results.warmupRuns} warm-up

Normal backup, ${results.normalFile.bytes} bytes (ms, from sending the request)
${latencyTable(results.latency)}

Large key file, ${(large.bytes / MIB).toFixed(1)} MiB (${large.bytes} bytes)
${streamTable(large)}
${memoryLines(large)}

Storage sessions: 0 open after each of ${results.sessions.checks} backups (discarded at most ${ms(results.sessions.maxDiscardWaitMs)} ms after the last byte)
`;
}
