import "server-only";
import { createHash } from "node:crypto";

export interface MeterResult {
  bytes: number;
  /** Lower-case hex. */
  sha256: string;
}

export type MeterEnding = "succeeded" | "failed" | "cancelled";

export interface MeterHooks {
  /**
   * The source ended normally. The metered stream closes only once this has settled, so whoever
   * looks at the outcome right after the download already sees it recorded. If it throws, the
   * stream errors instead: an ending that could not be recorded must not look complete.
   */
  onEnd(result: MeterResult): Promise<void>;
  /** The source failed (broke off, ended short, stalled). The stream errors once this has settled. */
  onError(error: unknown, progress: { bytes: number }): Promise<void>;
  /** The reader cancelled, or `signal` aborted. */
  onCancel(reason: unknown, progress: { bytes: number }): Promise<void>;
}

export interface MeteredStream {
  stream: ReadableStream<Uint8Array>;
  /** How it ended, once the hook for that ending has settled. Never rejects. */
  settled: Promise<MeterEnding>;
}

/**
 * Passes `source` through, counting bytes and hashing them (SHA-256) as they go, and calls
 * exactly one hook for however it ends, even when endings race (a cancel while the last chunk is
 * recorded, an abort while the source fails).
 *
 * Pull-based with no queue of its own: a chunk is read from the source only when the reader asks,
 * so nothing beyond one chunk is ever held. A TransformStream would not do: its flush never runs
 * on abort or cancel, and it could not hold the close back until the ending is recorded.
 *
 * `signal` is for a reader that vanishes without cancelling (the browser went away and the
 * request's signal aborted): it counts as a cancel.
 */
export function meterStream(
  source: ReadableStream<Uint8Array>,
  hooks: MeterHooks,
  options: { signal?: AbortSignal } = {},
): MeteredStream {
  const { signal } = options;
  const hash = createHash("sha256");
  const reader = source.getReader();
  let bytes = 0;
  let ending: MeterEnding | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let resolveSettled!: (ending: MeterEnding) => void;
  const settled = new Promise<MeterEnding>((resolve) => (resolveSettled = resolve));

  /** The first ending to get here wins; every later one does nothing. */
  function claim(kind: MeterEnding): boolean {
    if (ending !== undefined) return false;
    ending = kind;
    signal?.removeEventListener("abort", onAbort);
    return true;
  }

  // The controller refuses calls once the reader has cancelled; by then no one is listening.
  function errorStream(error: unknown): void {
    try {
      controller.error(error);
    } catch {
      // already closed or errored
    }
  }

  async function cancelled(reason: unknown): Promise<void> {
    if (!claim("cancelled")) return;
    // Error rather than close: a response cut short must not end like a complete file.
    errorStream(reason);
    await Promise.all([
      reader.cancel(reason).catch(() => {}),
      hooks.onCancel(reason, { bytes }).catch(() => {}),
    ]);
    resolveSettled("cancelled");
  }

  function onAbort(): void {
    void cancelled(signal?.reason);
  }

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      async pull() {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (!claim("failed")) return;
          await hooks.onError(error, { bytes }).catch(() => {});
          errorStream(error);
          resolveSettled("failed");
          return;
        }
        // Cancelled meanwhile: the pending read came back empty-handed and the stream is done.
        if (ending !== undefined) return;
        if (chunk.done) {
          if (!claim("succeeded")) return;
          try {
            await hooks.onEnd({ bytes, sha256: hash.digest("hex") });
          } catch (error) {
            errorStream(error);
            resolveSettled("failed");
            return;
          }
          try {
            controller.close();
          } catch {
            // the reader left while the ending was recorded
          }
          resolveSettled("succeeded");
          return;
        }
        hash.update(chunk.value);
        bytes += chunk.value.byteLength;
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        return cancelled(reason);
      },
    },
    { highWaterMark: 0 },
  );

  if (signal?.aborted) void cancelled(signal.reason);
  else signal?.addEventListener("abort", onAbort, { once: true });
  return { stream, settled };
}
