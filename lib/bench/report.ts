import "server-only";

import type { BenchResults, LoadFigures, ReadFigures } from "./results";
import { MIB, type Spread } from "./stats";
import { verdict } from "./targets";

type Row = string[];

const ms = (value: number) => value.toFixed(2);
const mib = (kib: number) => (kib / 1024).toFixed(1);
const signed = (value: number, digits = 2) => `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
const count = (value: number) => value.toLocaleString("en-US");
const size = (bytes: number) => (bytes >= MIB ? `${count(bytes / MIB)} MiB` : `${count(bytes / 1024)} KiB`);
const pair = (spread: Spread) => `${ms(spread.p50)} / ${ms(spread.p95)}`;

/** Left-aligned first and last columns, right-aligned figures, two spaces between columns. */
function table(rows: Row[]): string {
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    column === 0 || column === columns - 1 ? 0 : Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  const first = Math.max(...rows.map((row) => (row.length > 1 ? row[0]!.length : 0)));
  return rows
    .map((row) => {
      if (row.length === 1) return row[0]!;
      return row
        .map((cell, column) => {
          if (column === 0) return cell.padEnd(first);
          return column === columns - 1 ? cell : cell.padStart(widths[column]!);
        })
        .join("  ")
        .trimEnd();
    })
    .join("\n");
}

function latencyRows(results: BenchResults): Row[] {
  const latency = results.latency;
  if (!latency) return [];
  const { portal, direct } = latency;
  const phases = latency.serverTiming
    ? Object.entries(latency.serverTiming).map(([name, value]): Row => [`   Server-Timing ${name}, median`, ms(value)])
    : [["   Server-Timing phases: (no Server-Timing)"]];
  return [
    [
      `1. Latency: ${latency.runs} backups of a ${size(latency.fileBytes)} key file (ms)`,
      "portal",
      "direct",
      "ratio",
      "target",
    ],
    [
      "   median, to the last byte",
      ms(portal.lastByteMs.p50),
      ms(direct.lastByteMs.p50),
      `${latency.ratio.toFixed(2)}x`,
      verdict(results, "latency-ratio"),
    ],
    ["   added by the portal, median", signed(latency.addedMs), "", "", verdict(results, "latency-added")],
    [
      "   p95, to the last byte",
      ms(portal.lastByteMs.p95),
      ms(direct.lastByteMs.p95),
      `${(portal.lastByteMs.p95 / direct.lastByteMs.p95).toFixed(2)}x`,
      "",
    ],
    ["   median, to the response headers", ms(portal.headersMs.p50), ms(direct.headersMs.p50), "", ""],
    ...phases,
  ];
}

function throughputRows(results: BenchResults): Row[] {
  const figures = results.throughput;
  if (!figures) return [];
  const big = size(figures.fileBytes);
  return [
    [`2. Throughput and memory: a ${big} key file`, "portal", "direct", "ratio", "target"],
    [
      "   MiB/s, headers to last byte",
      figures.portal.throughputMiBps.toFixed(1),
      figures.direct.throughputMiBps.toFixed(1),
      `${(figures.ratio * 100).toFixed(0)} %`,
      verdict(results, "throughput"),
    ],
    [`   portal peak RSS, ${size(figures.small.fileBytes)} file (MiB)`, mib(figures.small.peakKiB), "", "", ""],
    [
      `   portal peak RSS, ${big} file (MiB)`,
      mib(figures.large.peakKiB),
      "",
      signed(figures.rssGrowthMiB, 1),
      verdict(results, "rss-growth"),
    ],
  ];
}

function loadRows(results: BenchResults): Row[] {
  const loads = [results.fleet, results.instances];
  const shown = loads.find((load): load is LoadFigures => load !== undefined);
  if (!shown) return [];
  const cell = (pick: (load: LoadFigures) => string) => loads.map((load) => (load ? pick(load) : "-"));
  const mustBeZero = (pick: (load: LoadFigures) => number) =>
    loads.some((load) => load && pick(load) !== 0) ? "must be 0: NOT 0" : "must be 0";
  return [
    [
      `3-4. Fleet load: ${shown.systems} systems at once, ${shown.backups} backups`,
      "3. one, SQLite",
      "4. two, PostgreSQL",
      "",
      "",
    ],
    ["   backups per second", ...cell((load) => load.backupsPerSecond.toFixed(1)), "", ""],
    ["   median / p95 to the last byte (ms)", ...cell((load) => pair(load.lastByteMs)), "", ""],
    ["   errors", ...cell((load) => String(load.errors)), "", mustBeZero((load) => load.errors)],
    [
      "   leaked storage sessions",
      ...cell((load) => String(load.leakedSessions)),
      "",
      mustBeZero((load) => load.leakedSessions),
    ],
  ];
}

function readRows(reads: readonly ReadFigures[] | undefined): Row[] {
  if (!reads || reads.length === 0) return [];
  const first = reads[0]!;
  const cell = (pick: (read: ReadFigures) => string) => reads.map(pick);
  const names = { sqlite: "SQLite", postgres: "PostgreSQL" };
  return [
    [
      `5. Reads: ${count(first.systems)} systems, ${count(first.rows)} history rows`,
      ...cell((read) => names[read.database]),
      "",
      "",
    ],
    ["   seed (s)", ...cell((read) => read.seedSeconds.toFixed(1)), "", ""],
    ["   fleet data, median / p95 (ms)", ...cell((read) => pair(read.fleetMs)), "", ""],
    ["   filtered history page, median / p95 (ms)", ...cell((read) => pair(read.historyPageMs)), "", ""],
  ];
}

/** The one table for stdout. */
export function formatReport(results: BenchResults): string {
  const sections = [latencyRows(results), throughputRows(results), loadRows(results), readRows(results.reads)];
  const rows = sections
    .filter((section) => section.length > 0)
    .flatMap((section, index) => (index === 0 ? section : [[""], ...section]));
  const run = results.quick ? ", quick run" : "";
  return `\nKey-backup portal benchmark: Node ${results.node}, ${results.cpus} CPUs, ${results.startedAt}${run}\n\n${table(rows)}\n`;
}
