import { describe, expect, it } from "vitest";

import { passThrough } from "./pass-through";

/*
 * The helper's own contract; lib/backups/meter.test.ts covers the endings racing, the signal and
 * the close held back until the ending is recorded, through the meter built on it.
 */

const bytes = (text: string) => new TextEncoder().encode(text);

/** A source that hands out `parts` one read at a time, then ends, fails or hangs as told. */
function source(parts: Uint8Array[], end: { error?: Error; hang?: boolean } = {}) {
  const log: string[] = [];
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = parts.shift();
        if (next) return controller.enqueue(next);
        if (end.hang) return new Promise(() => {});
        if (end.error) return controller.error(end.error);
        controller.close();
      },
      async cancel(reason) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        log.push(`source cancelled: ${String(reason)}`);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, log };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ chunks: Uint8Array[]; error?: unknown }> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { chunks };
      chunks.push(value);
    }
  } catch (error) {
    return { chunks, error };
  }
}

describe("passThrough", () => {
  it("hands on the source's own chunks, each seen once, with no hooks at all too", async () => {
    const parts = [bytes("ab"), bytes("cd")];
    const seen: Uint8Array[] = [];
    const piped = passThrough(source([...parts]).stream, { onChunk: (chunk) => void seen.push(chunk) });
    const { chunks, error } = await readAll(piped.stream);
    expect(error).toBeUndefined();
    expect(chunks[0]).toBe(parts[0]);
    expect(chunks[1]).toBe(parts[1]);
    expect(seen).toEqual(parts);
    expect(await piped.settled).toBe("succeeded");

    const bare = passThrough(source([bytes("x")]).stream, {});
    expect((await readAll(bare.stream)).chunks).toHaveLength(1);
    expect(await bare.settled).toBe("succeeded");
  });

  it("errors the stream and cancels the source when onChunk throws", async () => {
    const upstream = source([bytes("ab"), bytes("cd")], { hang: true });
    const tooLong = new Error("too long");
    const piped = passThrough(upstream.stream, {
      onChunk(chunk) {
        if (chunk[0] === "c".charCodeAt(0)) throw tooLong;
      },
    });
    const { chunks, error } = await readAll(piped.stream);
    expect(chunks).toHaveLength(1);
    expect(error).toBe(tooLong);
    expect(upstream.log).toEqual(["source cancelled: Error: too long"]);
    expect(await piped.settled).toBe("failed");
  });

  it("errors the stream, not closes it, when onEnd throws", async () => {
    const short = new Error("ended short");
    const piped = passThrough(source([bytes("ab")]).stream, {
      onEnd() {
        throw short;
      },
    });
    expect((await readAll(piped.stream)).error).toBe(short);
    expect(await piped.settled).toBe("failed");
  });

  it("errors the stream with what onError returns, once it has settled", async () => {
    const events: string[] = [];
    const piped = passThrough(source([bytes("ab")], { error: new Error("reset") }).stream, {
      async onError(error) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        events.push(`onError ${(error as Error).message}`);
        return new Error(`described: ${(error as Error).message}`);
      },
    });
    const { error } = await readAll(piped.stream);
    events.push("stream errored");
    expect((error as Error).message).toBe("described: reset");
    expect(events).toEqual(["onError reset", "stream errored"]);
    expect(await piped.settled).toBe("failed");
  });

  it("passes the reader's cancel on to the source; onCancel can wait for it", async () => {
    const upstream = source([bytes("ab")], { hang: true });
    const piped = passThrough(upstream.stream, {
      async onCancel(reason, sourceCancelled) {
        await sourceCancelled;
        upstream.log.push(`onCancel: ${String(reason)}`);
      },
    });
    const reader = piped.stream.getReader();
    await reader.read();
    await reader.cancel("gone");
    expect(upstream.log).toEqual(["source cancelled: gone", "onCancel: gone"]);
    expect(await piped.settled).toBe("cancelled");
  });

  it("counts an aborted signal as a cancel and errors the stream with its reason", async () => {
    const upstream = source([bytes("ab")], { hang: true });
    const controller = new AbortController();
    const piped = passThrough(
      upstream.stream,
      { onEnd: () => Promise.reject(new Error("not reached")) },
      { signal: controller.signal },
    );
    const reader = piped.stream.getReader();
    await reader.read();
    const pending = reader.read();
    controller.abort("browser left");
    await expect(pending).rejects.toBe("browser left");
    expect(await piped.settled).toBe("cancelled");
    expect(upstream.log).toEqual(["source cancelled: browser left"]);
  });
});

describe("passThrough with readerIdleMs", () => {
  it("fails once the reader stops asking: the source is cancelled, onError runs, the stream errors", async () => {
    const src = source([bytes("a"), bytes("b"), bytes("c")]);
    const errors: unknown[] = [];
    const piped = passThrough(
      src.stream,
      { onError: (error) => (errors.push(error), error) },
      { readerIdleMs: 50, stalledError: () => new Error("stalled") },
    );
    const reader = piped.stream.getReader();
    expect((await reader.read()).value).toEqual(bytes("a"));
    expect(await piped.settled).toBe("failed");
    expect(errors.map(String)).toEqual(["Error: stalled"]);
    expect(src.log).toEqual(["source cancelled: Error: stalled"]);
    await expect(reader.read()).rejects.toThrow("stalled");
  });

  it("does not fail a reader that keeps reading, however slowly the source answers", async () => {
    const piped = passThrough(source([bytes("a"), bytes("b")]).stream, {}, { readerIdleMs: 50 });
    const reader = piped.stream.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await piped.settled).toBe("succeeded");
  });
});
