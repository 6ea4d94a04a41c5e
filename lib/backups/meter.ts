import "server-only";

import { createHash } from "node:crypto";

import { passThrough, type PassThroughEnding, type PassThroughOptions } from "@/lib/storage-api";

export interface MeterResult {
  bytes: number;
  /** Lower-case hex. */
  sha256: string;
}

export type MeterEnding = PassThroughEnding;

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
 * recorded, an abort while the source fails). Pull-based, one chunk at a time: see passThrough.
 *
 * `signal` is for a reader that vanishes without cancelling (the browser went away and the
 * request's signal aborted): it counts as a cancel. A reader that stays but stops reading for
 * `readerIdleMs` stalls the transfer: `onError` gets `stalledError()`.
 */
export function meterStream(
  source: ReadableStream<Uint8Array>,
  hooks: MeterHooks,
  options: PassThroughOptions = {},
): MeteredStream {
  const hash = createHash("sha256");
  let bytes = 0;
  return passThrough(
    source,
    {
      onChunk(chunk) {
        hash.update(chunk);
        bytes += chunk.byteLength;
      },
      onEnd: () => hooks.onEnd({ bytes, sha256: hash.digest("hex") }),
      async onError(error) {
        try {
          await hooks.onError(error, { bytes });
        } catch {
          // the hook reports the failure; the stream errors with the source's error regardless
        }
        return error;
      },
      onCancel: (reason) => hooks.onCancel(reason, { bytes }),
    },
    options,
  );
}
