// The two measurements of `npm run bench`: backup latency both ways, and one large file streamed
// through the portal while its memory is sampled.
import { setTimeout as sleep } from "node:timers/promises";

import type { Lab, LabSystem } from "@/lib/demo/lab";
import { userWithRoles } from "@/lib/simulator/users";
import type { StorageTarget } from "@/lib/storage-api/target";

import type { directBackup } from "./direct-backup";
import { portalBackup, type BackupRequest } from "./portal-client";
import { longestGapMs, processTree, sampleTreeRss, type RssSample } from "./process-rss";
import type { LatencyFigures, MemoryFigures, StreamFigures } from "./report";
import { median, MIB, round, spread } from "./stats";
import { waitForNoSessions } from "./storage-side";
import { verifyTransfer, type ExpectedFile, type Transfer } from "./transfer";

export const BACKUP_PASSWORD = "Bench-Backup-Pass1";
export const WARMUP_RUNS = 1;
const RSS_INTERVAL_MS = 50;
const BASELINE_MS = 1_000;
const NORMAL_BACKUP_MS = 30_000;
const LARGE_BACKUP_MS = 180_000;

/** Runs backups both ways and checks each: the right file, and no storage session left open. */
export class Bench {
  sessionChecks = 0;
  maxDiscardWaitMs = 0;

  constructor(
    private readonly lab: Lab,
    private readonly portalUrl: string,
    private readonly cookie: string,
    private readonly direct: typeof directBackup,
  ) {}

  private storageAdmin(system: LabSystem) {
    const user = userWithRoles(system.simulated, "storage-admin-view", "security-admin-modify");
    return { username: user.username, password: user.password };
  }

  async viaPortal(system: LabSystem, expected: ExpectedFile, label: string, timeoutMs: number): Promise<Transfer> {
    const admin = this.storageAdmin(system);
    const input: BackupRequest = {
      storageUsername: admin.username,
      storagePassword: admin.password,
      backupPassword: BACKUP_PASSWORD,
      backupPasswordConfirmation: BACKUP_PASSWORD,
    };
    const transfer = await portalBackup(this.portalUrl, this.cookie, system.id, input, timeoutMs);
    verifyTransfer(label, transfer, expected);
    return transfer;
  }

  async viaStorageClient(
    system: LabSystem,
    expected: ExpectedFile,
    label: string,
    timeoutMs: number,
  ): Promise<Transfer> {
    const { simulator } = this.lab;
    const target: StorageTarget = {
      baseUrl: system.simulated.baseUrl,
      trust: { kind: "pin", sha256Fingerprint: simulator.sha256Fingerprint, certificatePem: simulator.certificatePem },
    };
    const transfer = await this.direct(target, this.storageAdmin(system), BACKUP_PASSWORD, timeoutMs);
    verifyTransfer(label, transfer, expected);
    return transfer;
  }

  /** After every backup: the array must be left with no open session. */
  async noSessionsLeft(system: LabSystem, label: string): Promise<void> {
    const waited = await waitForNoSessions(this.lab.simulator, system.simulated.storageDeviceId, label);
    this.sessionChecks++;
    this.maxDiscardWaitMs = Math.max(this.maxDiscardWaitMs, waited);
  }
}

function latencyFigures(transfers: readonly Transfer[]): LatencyFigures {
  return {
    headersMs: spread(transfers.map((transfer) => transfer.headersMs)),
    lastByteMs: spread(transfers.map((transfer) => transfer.lastByteMs)),
    runs: transfers.map(({ headersMs, lastByteMs }) => ({
      headersMs: round(headersMs),
      lastByteMs: round(lastByteMs),
    })),
  };
}

/** N sequential backups each way (the history is single-flight per system, so never two at once). */
export async function measureLatency(bench: Bench, system: LabSystem, expected: ExpectedFile, runs: number) {
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
  return { portal: latencyFigures(portal), direct: latencyFigures(direct) };
}

function streamFigures(transfer: Transfer): StreamFigures {
  const seconds = (transfer.lastByteMs - transfer.headersMs) / 1000;
  return {
    headersMs: round(transfer.headersMs),
    lastByteMs: round(transfer.lastByteMs),
    throughputMiBps: round(transfer.bytes / MIB / seconds),
  };
}

/**
 * One large backup through the portal while sampling the server's resident memory, then the same
 * file with the storage client alone. A portal that streams grows by little more than its
 * buffers; one that buffered the body would grow by the size of the file.
 */
export async function measureStreaming(bench: Bench, portalPid: number, system: LabSystem, expected: ExpectedFile) {
  const baseline = sampleTreeRss(portalPid, RSS_INTERVAL_MS);
  await sleep(BASELINE_MS);
  const baselineKiB = median(baseline.stop().map((sample) => sample.kib));
  const processes = processTree(portalPid).length;

  const sampler = sampleTreeRss(portalPid, RSS_INTERVAL_MS);
  const started = performance.now();
  let samples: RssSample[] = [];
  let transfer: Transfer;
  try {
    transfer = await bench.viaPortal(system, expected, "large file via the portal", LARGE_BACKUP_MS);
  } finally {
    samples = sampler.stop();
  }
  await bench.noSessionsLeft(system, "large file via the portal");
  const peakKiB = Math.max(...samples.map((sample) => sample.kib));
  const memory: MemoryFigures = {
    baselineKiB,
    peakKiB,
    growthKiB: peakKiB - baselineKiB,
    processes,
    samples: samples.length,
    intervalMs: RSS_INTERVAL_MS,
    // While bytes flow; before the headers the array is still building the file, in this process.
    maxGapMs: round(longestGapMs(samples, started + transfer.headersMs, started + transfer.lastByteMs)),
    series: samples.map((sample) => ({ atMs: round(sample.atMs - started), kib: sample.kib })),
  };

  const direct = await bench.viaStorageClient(system, expected, "large file via the storage client", LARGE_BACKUP_MS);
  await bench.noSessionsLeft(system, "large file via the storage client");
  return { portal: streamFigures(transfer), direct: streamFigures(direct), portalMemory: memory };
}
