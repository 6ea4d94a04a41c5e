import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { TEST_POSTGRES_URL } from "@/lib/db/test-databases";
import { ensureBuilt } from "@/lib/test-support/portal-process";

import type { BenchResults, LoadFigures } from "./results";

/*
 * `npm run bench -- --quick` end to end, on the built portal: every section runs and reports its
 * figures in the table and the JSON. Only their shape is checked, and the figures that must be 0
 * (failed backups, storage sessions left open); never a timing, which a busy machine would flake.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const RUN_MS = 240_000;

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), "kbp-bench-smoke-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runQuickBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // As `npm run bench` runs it, not as a test: vitest's NODE_ENV=test stays here.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "NODE_ENV"),
  ) as NodeJS.ProcessEnv;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "lib/bench/cli.ts", "--quick", ...args],
      { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), RUN_MS - 10_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const spreadShape = { p50: expect.any(Number), p95: expect.any(Number), max: expect.any(Number) };

function expectSoundLoad(load: LoadFigures | undefined, instances: number, database: string): void {
  expect(load).toMatchObject({
    instances,
    database,
    systems: 2,
    backups: 6,
    backupsPerSecond: expect.any(Number),
    lastByteMs: spreadShape,
  });
  expect(load!.errorSamples).toEqual([]);
  expect(load!.errors).toBe(0);
  expect(load!.leakedSessions).toBe(0);
}

describe("npm run bench -- --quick", () => {
  it(
    "runs every section and reports its figures, with no failed backup and no storage session left open",
    async () => {
      const pg = new URL(TEST_POSTGRES_URL);
      pg.pathname = `/kbp_bench_smoke_${process.pid}`;
      const json = path.join(dir, "results.json");
      const run = await runQuickBench(["--port", "0", "--data-dir", dir, "--json", json, "--pg", pg.href]);
      expect(run.code, run.stderr).toBe(0);

      for (const heading of ["1. Latency", "2. Throughput and memory", "3-4. Fleet load", "5. Reads"]) {
        expect(run.stdout).toContain(heading);
      }
      expect(run.stdout).toMatch(/Server-Timing/);
      expect(run.stdout).toMatch(/errors +0 +0/);
      expect(run.stdout).toMatch(/leaked storage sessions +0 +0/);

      const results = JSON.parse(readFileSync(json, "utf8")) as BenchResults;
      expect(results).toMatchObject({ node: process.version, cpus: expect.any(Number), quick: true });
      expect(results.latency).toMatchObject({
        runs: 5,
        portal: { headersMs: spreadShape, lastByteMs: spreadShape },
        direct: { headersMs: spreadShape, lastByteMs: spreadShape },
        ratio: expect.any(Number),
        addedMs: expect.any(Number),
      });
      expect(results.latency!.series).toHaveLength(5);
      const phases = results.latency!.serverTiming;
      if (phases !== null) for (const ms of Object.values(phases)) expect(ms).toEqual(expect.any(Number));
      expect(results.throughput).toMatchObject({
        portal: { throughputMiBps: expect.any(Number) },
        direct: { throughputMiBps: expect.any(Number) },
        small: { peakKiB: expect.any(Number) },
        large: { peakKiB: expect.any(Number) },
        rssGrowthMiB: expect.any(Number),
      });
      expectSoundLoad(results.fleet, 1, "sqlite");
      expectSoundLoad(results.instances, 2, "postgres");
      expect(results.reads?.map((read) => read.database)).toEqual(["sqlite", "postgres"]);
      for (const read of results.reads!) {
        expect(read).toMatchObject({ systems: 20, rows: 2_000, fleetMs: spreadShape, historyPageMs: spreadShape });
      }
      expect(results.targets.map((target) => target.key)).toEqual([
        "latency-ratio",
        "latency-added",
        "throughput",
        "rss-growth",
      ]);
      for (const target of results.targets) expect(target.met).toEqual(expect.any(Boolean));
    },
    RUN_MS,
  );
});
