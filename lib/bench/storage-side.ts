import "server-only";

import { setTimeout as sleep } from "node:timers/promises";

import type { Simulator } from "@/lib/simulator/types";

import { BenchFailure, type ExpectedFile } from "./transfer";

/**
 * The size and SHA-256 of the key file the simulated array sends for this password. Asked of the
 * control server once per system: the file only changes when keys are added, and none are.
 */
export async function expectedKeyFile(
  simulator: Simulator,
  storageDeviceId: string,
  password: string,
): Promise<ExpectedFile> {
  const response = await fetch(`${simulator.controlUrl}/systems/${storageDeviceId}/expected-backup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password }),
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) throw new BenchFailure(`the simulator could not tell the expected key file: ${response.status}`);
  return (await response.json()) as ExpectedFile;
}

const SESSION_WAIT_MS = 5_000;
const SESSION_POLL_MS = 5;

/**
 * Waits until the array has no open session; returns how long that took, in ms. The portal
 * discards its session as the download ends, so it may still be open for a moment after the last
 * byte; one still open after SESSION_WAIT_MS has leaked.
 */
export async function waitForNoSessions(simulator: Simulator, storageDeviceId: string, label: string): Promise<number> {
  const started = performance.now();
  while (simulator.openSessions(storageDeviceId) > 0) {
    if (performance.now() - started > SESSION_WAIT_MS) {
      const open = simulator.openSessions(storageDeviceId);
      throw new BenchFailure(
        `${label}: ${open} storage session(s) still open ${SESSION_WAIT_MS / 1000} s after the backup`,
      );
    }
    await sleep(SESSION_POLL_MS);
  }
  return performance.now() - started;
}
