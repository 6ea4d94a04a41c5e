import "server-only";
import { setTimeout as delay } from "node:timers/promises";

/**
 * Time as the auth code sees it. Session expiry, throttling windows and sign-in delays all read
 * it here, so a test can move time forward (or skip a delay) instead of waiting for it.
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

/** A clock that stands still until told to move; `sleep` advances it and records the wait. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
