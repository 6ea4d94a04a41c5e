import "server-only";

import { AppError } from "@/lib/errors";

/**
 * At most a few password hashes at once in this process (each scrypt run takes 128 MiB and a
 * thread-pool thread), a bounded queue behind them, and a prompt refusal beyond it: a flood of
 * sign-ins then costs the portal a fixed amount of memory and CPU, never more.
 */
export const HASH_QUEUE_LIMITS = { running: 4, waiting: 32, retryAfterSeconds: 1 } as const;

export function portalBusy(): AppError {
  const { retryAfterSeconds } = HASH_QUEUE_LIMITS;
  return new AppError(
    "THROTTLED",
    "The portal is checking too many passwords at once. Wait a second, then try again.",
    { retryAfterSeconds },
    { "Retry-After": String(retryAfterSeconds) },
  );
}

export class HashQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: { running: number; waiting: number } = HASH_QUEUE_LIMITS) {}

  get stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` when a slot is free; throws THROTTLED (429, Retry-After) at once if the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.running) {
      if (this.waiting.length >= this.limits.waiting) throw portalBusy();
      // The slot is handed over by the finishing task, so `running` never drops in between.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** The one queue every password hash and check in this process goes through. */
export const passwordHashQueue = new HashQueue();
