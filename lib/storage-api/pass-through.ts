import "server-only";

/** How a pass-through stream ended, once the hook for that ending has settled. */
export type PassThroughEnding = "succeeded" | "failed" | "cancelled";

export interface PassThroughHooks {
  /**
   * Sees each chunk before it is passed on, as is (no copy). Throwing cancels the source and
   * errors the stream with what was thrown.
   */
  onChunk?(chunk: Uint8Array): void;
  /**
   * The source ended. The stream closes only once this has settled; if it throws, the stream
   * errors with what it threw instead, so an ending that is not right never looks complete.
   */
  onEnd?(): void | Promise<void>;
  /** The source failed. The stream errors once this has settled, with what it returns. */
  onError?(error: unknown): unknown;
  /**
   * The reader cancelled, or `signal` aborted. Runs alongside the source's cancel; await
   * `sourceCancelled` to run after it. What it throws is ignored.
   */
  onCancel?(reason: unknown, sourceCancelled: Promise<void>): void | Promise<void>;
}

export interface PassThroughOptions {
  signal?: AbortSignal;
  /**
   * How long a chunk may wait for the reader to ask for it (or the first one, for the reader to
   * ask at all) before the transfer counts as stalled: the source is cancelled, `onError` runs
   * with `stalledError()` and the stream errors. A paused reader otherwise holds the source open
   * for ever, as the source's own idle timeout never fires while nothing is read from it.
   */
  readerIdleMs?: number;
  stalledError?(): unknown;
}

export interface PassThrough {
  stream: ReadableStream<Uint8Array>;
  /** How it ended, once the hook for that ending has settled. Never rejects. */
  settled: Promise<PassThroughEnding>;
}

const settledOfStream = new WeakMap<ReadableStream<Uint8Array>, Promise<PassThroughEnding>>();

/**
 * The `settled` of a stream that passThrough made, undefined for any other stream: lets whoever
 * must act once such a stream is over (and its source let go) wait for that, rather than pass
 * every chunk through one more stream of its own to find out.
 */
export function passThroughSettled(stream: ReadableStream<Uint8Array>): Promise<PassThroughEnding> | undefined {
  return settledOfStream.get(stream);
}

/**
 * Passes `source` through chunk by chunk and calls exactly one ending hook for however it ends,
 * even when endings race (a cancel while the last chunk is recorded, an abort while the source
 * fails).
 *
 * Pull-based with no queue of its own: a chunk is read from the source only when the reader asks,
 * so nothing beyond one chunk is ever held. A TransformStream would not do: its flush never runs
 * on abort or cancel, and it could not hold the close back until `onEnd` has settled.
 *
 * `signal` is for a reader that vanishes without cancelling (the browser went away and the
 * request's signal aborted): it counts as a cancel, and the stream errors with its reason.
 */
export function passThrough(
  source: ReadableStream<Uint8Array>,
  hooks: PassThroughHooks,
  options: PassThroughOptions = {},
): PassThrough {
  const { signal, readerIdleMs } = options;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const reader = source.getReader();
  let ending: PassThroughEnding | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let resolveSettled!: (ending: PassThroughEnding) => void;
  const settled = new Promise<PassThroughEnding>((resolve) => (resolveSettled = resolve));

  /** The first ending to get here wins; every later one does nothing. */
  function claim(kind: PassThroughEnding): boolean {
    if (ending !== undefined) return false;
    ending = kind;
    clearTimeout(idleTimer);
    signal?.removeEventListener("abort", onAbort);
    return true;
  }

  /** Nothing is asked of the source until the reader reads: from now, it has readerIdleMs to. */
  function awaitReader(): void {
    if (readerIdleMs === undefined || ending !== undefined) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void stalled(), readerIdleMs);
    idleTimer.unref?.();
  }

  async function stalled(): Promise<void> {
    if (!claim("failed")) return;
    const error = options.stalledError?.() ?? new Error(`The reader read nothing for ${readerIdleMs} ms`);
    const sourceCancelled = reader.cancel(error).catch(() => {});
    let failure: unknown = error;
    try {
      if (hooks.onError) failure = await hooks.onError(error);
    } catch (thrown) {
      failure = thrown;
    }
    await sourceCancelled;
    fail(failure);
  }

  // The controller refuses calls once the reader has cancelled; by then no one is listening.
  function fail(error: unknown): void {
    try {
      controller.error(error);
    } catch {
      // already closed or errored
    }
    resolveSettled("failed");
  }

  async function cancelled(reason: unknown): Promise<void> {
    if (!claim("cancelled")) return;
    // Error rather than close: a response cut short must not end like a complete file.
    try {
      controller.error(reason);
    } catch {
      // the reader cancelled: the stream is done already
    }
    const sourceCancelled = reader.cancel(reason).catch(() => {});
    const hook = (async () => hooks.onCancel?.(reason, sourceCancelled))().catch(() => {});
    await Promise.all([sourceCancelled, hook]);
    resolveSettled("cancelled");
  }

  function onAbort(): void {
    void cancelled(signal?.reason);
  }

  async function pull(): Promise<void> {
    clearTimeout(idleTimer);
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      if (!claim("failed")) return;
      let failure: unknown = error;
      try {
        if (hooks.onError) failure = await hooks.onError(error);
      } catch (thrown) {
        failure = thrown;
      }
      return fail(failure);
    }
    // Cancelled meanwhile: the pending read came back empty-handed and the stream is done.
    if (ending !== undefined) return;
    if (chunk.done) {
      claim("succeeded");
      try {
        await hooks.onEnd?.();
      } catch (error) {
        return fail(error);
      }
      try {
        controller.close();
      } catch {
        // the reader left while the ending was recorded
      }
      resolveSettled("succeeded");
      return;
    }
    try {
      hooks.onChunk?.(chunk.value);
    } catch (error) {
      claim("failed");
      await reader.cancel(error).catch(() => {});
      return fail(error);
    }
    controller.enqueue(chunk.value);
    awaitReader();
  }

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull,
      cancel: cancelled,
    },
    { highWaterMark: 0 },
  );

  if (signal?.aborted) void cancelled(signal.reason);
  else signal?.addEventListener("abort", onAbort, { once: true });
  awaitReader();
  settledOfStream.set(stream, settled);
  return { stream, settled };
}
