// Sections 3 and 4 of `npm run bench`: a fleet backed up at once through one portal, or through
// several behind a round-robin split. Failures are counted, not thrown: they are figures too.
import { setTimeout as sleep } from "node:timers/promises";

import { errorMessage } from "@/lib/errors/error-message";
import type { Simulator } from "@/lib/simulator/types";

import { backupRequest } from "./measure";
import { portalAgent, portalBackup } from "./portal-client";
import type { LoadFigures } from "./results";
import { BACKUP_PASSWORD, type BenchSystem } from "./setup";
import { round, spread, type Spread } from "./stats";
import { expectedKeyFile } from "./storage-side";
import { verifyTransfer, type ExpectedFile, type Transfer } from "./transfer";

const BACKUP_MS = 60_000;
/** How long the storage sessions may take to be discarded once the last download has ended. */
const SETTLE_MS = 5_000;
const ERROR_SAMPLES = 5;

export interface LoadOptions {
  simulator: Simulator;
  /** The portals, taken in turn for each request (round robin). */
  urls: readonly string[];
  /** Valid on every one of them (they share the database). */
  cookie: string;
  systems: readonly BenchSystem[];
  /** In all, spread evenly over the systems. */
  backups: number;
  database: LoadFigures["database"];
}

/** How many backups each system gets: `backups` spread as evenly as it goes. */
export function shares(backups: number, systems: number): number[] {
  return Array.from(
    { length: systems },
    (_, index) => Math.floor(backups / systems) + (index < backups % systems ? 1 : 0),
  );
}

function openSessions(simulator: Simulator, systems: readonly BenchSystem[]): number {
  return systems.reduce((sum, system) => sum + simulator.openSessions(system.simulated.storageDeviceId), 0);
}

/** The sessions still open once the load is over, after giving the portal SETTLE_MS to discard them. */
async function settledSessions(simulator: Simulator, systems: readonly BenchSystem[]): Promise<number> {
  const deadline = performance.now() + SETTLE_MS;
  while (openSessions(simulator, systems) > 0 && performance.now() < deadline) await sleep(10);
  return openSessions(simulator, systems);
}

const spreadOf = (values: number[]): Spread => (values.length > 0 ? spread(values) : { p50: 0, p95: 0, max: 0 });

/**
 * Every system backed up by its own client, one backup after another (a system takes one at a
 * time), all systems at once; each request goes to the next portal in turn. One warm-up backup
 * per portal first, not counted: the first request of a fresh server loads the route's code.
 */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const { simulator, urls, cookie, systems } = options;
  const expected = new Map<string, ExpectedFile>();
  for (const system of systems) {
    expected.set(system.id, await expectedKeyFile(simulator, system.simulated.storageDeviceId, BACKUP_PASSWORD));
  }
  const connections = portalAgent(systems.length);
  const transfers: Transfer[] = [];
  const errors: string[] = [];
  let turn = 0;
  const once = async (system: BenchSystem, label: string): Promise<Transfer> => {
    const url = urls[turn++ % urls.length]!;
    const transfer = await portalBackup(url, cookie, system.id, backupRequest(system), BACKUP_MS, connections);
    verifyTransfer(label, transfer, expected.get(system.id)!);
    return transfer;
  };
  try {
    for (const [index] of urls.entries()) {
      // A failed warm-up counts as an error as well: no failure goes unreported.
      await once(systems[index % systems.length]!, `warm-up ${index + 1}`).catch((error: unknown) => {
        errors.push(errorMessage(error));
      });
    }
    const started = performance.now();
    await Promise.all(
      shares(options.backups, systems.length).map(async (count, index) => {
        const system = systems[index]!;
        for (let run = 1; run <= count; run++) {
          try {
            transfers.push(await once(system, `${system.simulated.storageDeviceId} backup ${run}`));
          } catch (error) {
            errors.push(errorMessage(error));
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      instances: urls.length,
      database: options.database,
      systems: systems.length,
      backups: options.backups,
      warmupBackups: urls.length,
      seconds: round(seconds),
      backupsPerSecond: round(transfers.length / seconds),
      headersMs: spreadOf(transfers.map((transfer) => transfer.headersMs)),
      lastByteMs: spreadOf(transfers.map((transfer) => transfer.lastByteMs)),
      errors: errors.length,
      errorSamples: errors.slice(0, ERROR_SAMPLES),
      leakedSessions: await settledSessions(simulator, systems),
    };
  } finally {
    connections.destroy();
  }
}
