// Sections 1 and 2 of `npm run bench`: backup latency both ways, and large files streamed through
// the portal while its memory is sampled.
import { setTimeout as sleep } from "node:timers/promises";

import type { Simulator } from "@/lib/simulator/types";
import type { StorageTarget } from "@/lib/storage-api/target";

import type { directBackup } from "./direct-backup";
import { portalBackup, type BackupRequest } from "./portal-client";
import { longestGapMs, processTree, sampleTreeRss, type RssSample } from "./process-rss";
import type { LatencyFigures, MemoryFigures, StreamFigures, ThroughputFigures } from "./results";
import { BACKUP_PASSWORD, storageAdmin, type BenchSystem } from "./setup";
import { median, MIB, round, spread } from "./stats";
import { expectedKeyFile, waitForNoSessions } from "./storage-side";
import { medianPhases } from "./timing-header";
import { verifyTransfer, type ExpectedFile, type Transfer } from "./transfer";

export const WARMUP_RUNS = 1;
const RSS_INTERVAL_MS = 50;
const BASELINE_MS = 1_000;
const NORMAL_BACKUP_MS = 30_000;
const LARGE_BACKUP_MS = 180_000;

export function backupRequest(system: BenchSystem): BackupRequest {
  const admin = storageAdmin(system.simulated);
  return {
    storageUsername: admin.username,
    storagePassword: admin.password,
    backupPassword: BACKUP_PASSWORD,
    backupPasswordConfirmation: BACKUP_PASSWORD,
  };
}

/** Runs backups both ways and checks each: the right file, and no storage session left open. */
export class Bench {
  sessionChecks = 0;
  maxDiscardWaitMs = 0;

  constructor(
    readonly simulator: Simulator,
    private readonly portalUrl: string,
    private readonly cookie: string,
    private readonly direct: typeof directBackup,
  ) {}

  expected(system: BenchSystem): Promise<ExpectedFile> {
    return expectedKeyFile(this.simulator, system.simulated.storageDeviceId, BACKUP_PASSWORD);
  }

  async viaPortal(system: BenchSystem, expected: ExpectedFile, label: string, timeoutMs: number): Promise<Transfer> {
    const transfer = await portalBackup(this.portalUrl, this.cookie, system.id, backupRequest(system), timeoutMs);
    verifyTransfer(label, transfer, expected);
    return transfer;
  }

  async viaStorageClient(
    system: BenchSystem,
    expected: ExpectedFile,
    label: string,
    timeoutMs: number,
  ): Promise<Transfer> {
    const { simulator } = this;
    const target: StorageTarget = {
      baseUrl: system.simulated.baseUrl,
      trust: { kind: "pin", sha256Fingerprint: simulator.sha256Fingerprint, certificatePem: simulator.certificatePem },
    };
    const transfer = await this.direct(target, storageAdmin(system.simulated), BACKUP_PASSWORD, timeoutMs);
    verifyTransfer(label, transfer, expected);
    return transfer;
  }

  /** After every backup: the array must be left with no open session. */
  async noSessionsLeft(system: BenchSystem, label: string): Promise<void> {
    const waited = await waitForNoSessions(this.simulator, system.simulated.storageDeviceId, label);
    this.sessionChecks++;
    this.maxDiscardWaitMs = Math.max(this.maxDiscardWaitMs, waited);
  }
}

const timings = (transfers: readonly Transfer[]) => ({
  headersMs: spread(transfers.map((transfer) => transfer.headersMs)),
  lastByteMs: spread(transfers.map((transfer) => transfer.lastByteMs)),
});

/** N sequential backups each way (the history is single-flight per system, so never two at once). */
export async function measureLatency(bench: Bench, system: BenchSystem, runs: number): Promise<LatencyFigures> {
  const expected = await bench.expected(system);
  const portal: Transfer[] = [];
  const direct: Transfer[] = [];
  for (let run = 1 - WARMUP_RUNS; run <= runs; run++) {
    // Alternating, so that whatever drifts during the runs (GC, the SQLite file growing) touches both alike.
    const viaPortal = await bench.viaPortal(system, expected, `portal run ${run}`, NORMAL_BACKUP_MS);
    await bench.noSessionsLeft(system, `portal run ${run}`);
    const viaClient = await bench.viaStorageClient(system, expected, `direct run ${run}`, NORMAL_BACKUP_MS);
    await bench.noSessionsLeft(system, `direct run ${run}`);
    // The warm-up run loads the route's code and warms the JIT: not what a user waits for.
    if (run > 0) {
      portal.push(viaPortal);
      direct.push(viaClient);
    }
  }
  const portalMedian = median(portal.map((transfer) => transfer.lastByteMs));
  const directMedian = median(direct.map((transfer) => transfer.lastByteMs));
  return {
    fileBytes: expected.bytes,
    runs,
    warmupRuns: WARMUP_RUNS,
    portal: timings(portal),
    direct: timings(direct),
    ratio: round(portalMedian / directMedian),
    addedMs: round(portalMedian - directMedian),
    serverTiming: medianPhases(portal.map((transfer) => transfer.serverTiming)) ?? null,
    series: portal.map((transfer, index) => ({
      portalMs: round(transfer.lastByteMs),
      directMs: round(direct[index]!.lastByteMs),
    })),
    sessionChecks: bench.sessionChecks,
    maxDiscardWaitMs: round(bench.maxDiscardWaitMs),
  };
}

function streamFigures(transfer: Transfer): StreamFigures {
  const seconds = (transfer.lastByteMs - transfer.headersMs) / 1000;
  return {
    headersMs: round(transfer.headersMs),
    lastByteMs: round(transfer.lastByteMs),
    throughputMiBps: round(transfer.bytes / MIB / seconds),
  };
}

/** One backup through the portal while the server's resident memory is sampled. */
async function sampledBackup(bench: Bench, portalPid: number, system: BenchSystem, label: string) {
  const expected = await bench.expected(system);
  const baseline = sampleTreeRss(portalPid, RSS_INTERVAL_MS);
  await sleep(BASELINE_MS);
  const baselineKiB = median(baseline.stop().map((sample) => sample.kib));
  const processes = processTree(portalPid).length;

  const sampler = sampleTreeRss(portalPid, RSS_INTERVAL_MS);
  const started = performance.now();
  let samples: RssSample[] = [];
  let transfer: Transfer;
  try {
    transfer = await bench.viaPortal(system, expected, label, LARGE_BACKUP_MS);
  } finally {
    samples = sampler.stop();
  }
  await bench.noSessionsLeft(system, label);
  const memory: MemoryFigures = {
    fileBytes: expected.bytes,
    baselineKiB,
    peakKiB: Math.max(...samples.map((sample) => sample.kib)),
    processes,
    samples: samples.length,
    intervalMs: RSS_INTERVAL_MS,
    // While bytes flow; before the headers the array is still building the file, in this process.
    maxGapMs: round(longestGapMs(samples, started + transfer.headersMs, started + transfer.lastByteMs)),
    series: samples.map((sample) => ({ atMs: round(sample.atMs - started), kib: sample.kib })),
  };
  return { expected, transfer, memory };
}

/**
 * A 1 MiB and then the large key file through the portal, the server's memory sampled during
 * each, then the large file with the storage client alone. A portal that streams grows by little
 * more than its buffers; one that buffered the body would grow by the size of the file.
 */
export async function measureThroughput(
  bench: Bench,
  portalPid: number,
  small: BenchSystem,
  large: BenchSystem,
): Promise<ThroughputFigures> {
  const one = await sampledBackup(bench, portalPid, small, "1 MiB file via the portal");
  const big = await sampledBackup(bench, portalPid, large, "large file via the portal");
  const direct = await bench.viaStorageClient(large, big.expected, "large file direct", LARGE_BACKUP_MS);
  await bench.noSessionsLeft(large, "large file direct");
  const portal = streamFigures(big.transfer);
  const straight = streamFigures(direct);
  return {
    fileBytes: big.expected.bytes,
    portal,
    direct: straight,
    ratio: round(portal.throughputMiBps / straight.throughputMiBps),
    small: one.memory,
    large: big.memory,
    rssGrowthMiB: round((big.memory.peakKiB - one.memory.peakKiB) / 1024),
  };
}
