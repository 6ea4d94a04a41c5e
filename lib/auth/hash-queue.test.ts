import { describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";

import { HASH_QUEUE_LIMITS, HashQueue } from "./hash-queue";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("the password hash queue", () => {
  it("runs at most 4 at once, queues 32 more and refuses the next with THROTTLED and Retry-After", async () => {
    expect(HASH_QUEUE_LIMITS).toMatchObject({ running: 4, waiting: 32 });
    const queue = new HashQueue();
    const { opened, open } = gate();
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await opened;
      running--;
      return "done";
    };
    const accepted = Array.from({ length: 36 }, () => queue.run(task));
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.stats).toEqual({ running: 4, waiting: 32 });
    const refused = await queue.run(task).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "THROTTLED", status: 429, headers: { "Retry-After": "1" } });
    open();
    expect(await Promise.all(accepted)).toEqual(Array(36).fill("done"));
    expect(peak).toBe(4);
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot of a task that fails", async () => {
    const queue = new HashQueue({ running: 1, waiting: 0 });
    await expect(queue.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await queue.run(async () => 1)).toBe(1);
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });
});
