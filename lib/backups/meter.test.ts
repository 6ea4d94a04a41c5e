import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

import { meterStream, type MeterHooks } from "./meter";

function chunks(...parts: string[]): Uint8Array[] {
  return parts.map((part) => new TextEncoder().encode(part));
}

/** A source that hands out `parts` one read at a time, then ends or fails as told. */
function source(parts: Uint8Array[], end: { error?: Error; hang?: boolean } = {}) {
  let pulls = 0;
  let cancelledWith: unknown;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls++;
        const next = parts.shift();
        if (next) return controller.enqueue(next);
        if (end.hang) return new Promise(() => {});
        if (end.error) return controller.error(end.error);
        controller.close();
      },
      cancel(reason) {
        cancelledWith = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls, cancelledWith: () => cancelledWith };
}

function recordingHooks() {
  const events: string[] = [];
  const hooks: MeterHooks = {
    onEnd: vi.fn(async (result) => {
      events.push(`end ${result.bytes} ${result.sha256}`);
    }),
    onError: vi.fn(async (error: unknown, progress) => {
      events.push(`error ${(error as Error).message} after ${progress.bytes}`);
    }),
    onCancel: vi.fn(async (_reason: unknown, progress) => {
      events.push(`cancel after ${progress.bytes}`);
    }),
  };
  return { events, hooks };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("meterStream", () => {
  it("passes the bytes through and records the ending before it closes", async () => {
    const { events, hooks } = recordingHooks();
    const metered = meterStream(source(chunks("abc", "defg")).stream, hooks);
    const reader = metered.stream.getReader();
    const received: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        events.push("closed");
        break;
      }
      received.push(new TextDecoder().decode(value));
    }
    expect(received).toEqual(["abc", "defg"]);
    expect(events).toEqual([`end 7 ${sha256("abcdefg")}`, "closed"]);
    expect(await metered.settled).toBe("succeeded");
  });

  it("reads from the source only when its reader asks", async () => {
    const { hooks } = recordingHooks();
    const upstream = source(chunks("a", "b", "c"));
    const reader = meterStream(upstream.stream, hooks).stream.getReader();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(upstream.pulls()).toBe(0);
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(upstream.pulls()).toBe(1);
  });

  it("records a failing source, then errors the stream with its error", async () => {
    const { events, hooks } = recordingHooks();
    const metered = meterStream(source(chunks("abc"), { error: new Error("broke off") }).stream, hooks);
    const reader = metered.stream.getReader();
    await reader.read();
    await expect(reader.read().finally(() => events.push("rejected"))).rejects.toThrow("broke off");
    expect(events).toEqual(["error broke off after 3", "rejected"]);
    expect(await metered.settled).toBe("failed");
  });

  it("errors the stream when the ending cannot be recorded", async () => {
    const metered = meterStream(source(chunks("abc")).stream, {
      onEnd: () => Promise.reject(new Error("database down")),
      onError: vi.fn(),
      onCancel: vi.fn(),
    });
    const reader = metered.stream.getReader();
    await reader.read();
    await expect(reader.read()).rejects.toThrow("database down");
    expect(await metered.settled).toBe("failed");
  });

  it("records a reader's cancel and cancels the source", async () => {
    const { events, hooks } = recordingHooks();
    const upstream = source(chunks("abc", "def"), { hang: true });
    const metered = meterStream(upstream.stream, hooks);
    const reader = metered.stream.getReader();
    await reader.read();
    await reader.cancel("gone");
    expect(await metered.settled).toBe("cancelled");
    expect(events).toEqual(["cancel after 3"]);
    expect(upstream.cancelledWith()).toBe("gone");
  });

  it("treats an aborted signal as a cancel, even with a read pending, and errors the stream", async () => {
    const { events, hooks } = recordingHooks();
    const controller = new AbortController();
    const upstream = source(chunks("abc"), { hang: true });
    const metered = meterStream(upstream.stream, hooks, { signal: controller.signal });
    const reader = metered.stream.getReader();
    await reader.read();
    const pending = reader.read();
    controller.abort(new Error("client went away"));
    await expect(pending).rejects.toThrow("client went away");
    expect(await metered.settled).toBe("cancelled");
    expect(events).toEqual(["cancel after 3"]);
    expect(upstream.cancelledWith()).toBeInstanceOf(Error);
  });

  it("cancels at once when the signal is already aborted", async () => {
    const { events, hooks } = recordingHooks();
    const metered = meterStream(source(chunks("abc")).stream, hooks, { signal: AbortSignal.abort() });
    expect(await metered.settled).toBe("cancelled");
    await expect(metered.stream.getReader().read()).rejects.toThrow();
    expect(events).toEqual(["cancel after 0"]);
  });

  it("records only the first of racing endings", async () => {
    const { events, hooks } = recordingHooks();
    let releaseEnd!: () => void;
    hooks.onEnd = vi.fn(() => new Promise<void>((resolve) => (releaseEnd = () => resolve())));
    const controller = new AbortController();
    const metered = meterStream(source(chunks("abc")).stream, hooks, { signal: controller.signal });
    const reader = metered.stream.getReader();
    await reader.read();
    const last = reader.read();
    await vi.waitFor(() => expect(hooks.onEnd).toHaveBeenCalled());
    controller.abort();
    await reader.cancel().catch(() => {});
    releaseEnd();
    await last.catch(() => {});
    expect(await metered.settled).toBe("succeeded");
    expect(hooks.onCancel).not.toHaveBeenCalled();
    expect(events).toEqual([]);
  });
});
