import "server-only";

import { setTimeout as delay } from "node:timers/promises";

/**
 * Time as the portal sees it. Session expiry, throttling windows, sign-in delays and audit
 * timestamps all read it here, so a test can move time forward (or skip a delay) instead of waiting for it.
 */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => (ms > 0 ? delay(ms) : Promise.resolve()),
};

let active: Clock = systemClock;

export function now(): Date {
  return active.now();
}

export function nowIso(): string {
  return active.now().toISOString();
}

export function sleep(ms: number): Promise<void> {
  return active.sleep(ms);
}

/** Tests only: replaces the clock until the returned function is called. */
export function setClockForTests(clock: Clock): () => void {
  const previous = active;
  active = clock;
  return () => {
    active = previous;
  };
}
