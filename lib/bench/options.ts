// The options of `npm run bench`, and the small run `--quick` (the smoke test in `npm test`).
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

import { BenchFailure } from "./transfer";

export const SECTIONS = ["latency", "throughput", "fleet", "instances", "reads"] as const;
export type Section = (typeof SECTIONS)[number];

export const USAGE = `Usage: npm run bench -- [options]
  --runs N            latency: sequential backups of the 64 KiB key file, each way (default 200)
  --big-mib N         throughput: size of the large key file in MiB (default 256)
  --systems N         fleet load: systems backed up concurrently (default 20)
  --backups N         fleet load: backups in all (default 200)
  --read-systems N    reads: systems seeded (default 1000)
  --read-rows N       reads: history rows seeded (default 1000000)
  --read-runs N       reads: timed runs of the fleet data, twice as many history pages (default 30)
  --only LIST         comma-separated sections: ${SECTIONS.join(",")} (default all)
  --quick             a small run of everything, for the smoke test (explicit options still apply)
  --json FILE         where the figures go as JSON (default <data-dir>/results.json)
  --data-dir DIR      its work/ subfolder is wiped on start and holds the databases and the
                      portals' logs (default data/bench)
  --port N            first portal's port on 127.0.0.1, the two PostgreSQL ones take N+1 and N+2
                      (default 3199; 0 picks free ports)
  --pg URL            PostgreSQL database for the two instances and the reads, dropped and made
                      afresh (default postgres://postgres@127.0.0.1:5432/kbp_bench)
  --help`;

export interface Options {
  sections: ReadonlySet<Section>;
  quick: boolean;
  runs: number;
  bigMiB: number;
  systems: number;
  backups: number;
  readSystems: number;
  readRows: number;
  readRuns: number;
  dataDir: string;
  json: string;
  port: number;
  pg: string;
}

type Sized = "runs" | "bigMiB" | "systems" | "backups" | "readSystems" | "readRows" | "readRuns";

const FULL: Record<Sized, number> = {
  runs: 200,
  bigMiB: 256,
  systems: 20,
  backups: 200,
  readSystems: 1_000,
  readRows: 1_000_000,
  readRuns: 30,
};
const QUICK: Record<Sized, number> = {
  runs: 5,
  bigMiB: 1,
  systems: 2,
  backups: 6,
  readSystems: 20,
  readRows: 2_000,
  readRuns: 5,
};
const LIMITS: Record<Sized, [number, number]> = {
  runs: [1, 5_000],
  bigMiB: [1, 1024],
  systems: [1, 60],
  backups: [1, 100_000],
  readSystems: [10, 100_000],
  readRows: [100, 5_000_000],
  readRuns: [1, 1_000],
};
const FLAGS: Record<Sized, string> = {
  runs: "runs",
  bigMiB: "big-mib",
  systems: "systems",
  backups: "backups",
  readSystems: "read-systems",
  readRows: "read-rows",
  readRuns: "read-runs",
};

function integerOption(name: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new BenchFailure(`--${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return number;
}

function sectionsOption(value: string | undefined): Set<Section> {
  if (value === undefined) return new Set(SECTIONS);
  const names = value.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new BenchFailure(`--only takes ${SECTIONS.join(", ")}; got ${value}`);
  }
  return new Set(names as Section[]);
}

/** Undefined when --help was asked for. */
export function parseOptions(args: string[] = process.argv.slice(2)): Options | undefined {
  const sized = Object.fromEntries(Object.values(FLAGS).map((flag) => [flag, { type: "string" as const }]));
  const { values } = parseArgs({
    args,
    options: {
      ...sized,
      only: { type: "string" },
      quick: { type: "boolean", default: false },
      json: { type: "string" },
      "data-dir": { type: "string", default: "data/bench" },
      port: { type: "string", default: "3199" },
      pg: { type: "string", default: "postgres://postgres@127.0.0.1:5432/kbp_bench" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const quick = values.quick === true;
  const preset = quick ? QUICK : FULL;
  const figures = {} as Record<Sized, number>;
  for (const key of Object.keys(FLAGS) as Sized[]) {
    const given = (values as Record<string, unknown>)[FLAGS[key]];
    const [min, max] = LIMITS[key];
    figures[key] = typeof given === "string" ? integerOption(FLAGS[key], given, min, max) : preset[key];
  }
  if (!URL.canParse(values.pg) || !/^postgres(ql)?:$/.test(new URL(values.pg).protocol)) {
    throw new BenchFailure(`--pg must be a postgres:// URL naming a database, got ${values.pg}`);
  }
  const dataDir = resolve(values["data-dir"]);
  return {
    sections: sectionsOption(values.only),
    quick,
    ...figures,
    dataDir,
    json: resolve(values.json ?? join(dataDir, "results.json")),
    port: integerOption("port", values.port, 0, 65535),
    pg: values.pg,
  };
}
