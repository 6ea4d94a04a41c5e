import { formatBytes } from "@/components/ui/format";

/** The expected size from `X-Backup-Expected-Size`: a plain non-negative integer, else unknown. */
export function parseExpectedSize(header: string | null | undefined): number | undefined {
  if (!header || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** Whole percent received, 0 to 100, or undefined when the size is not known. */
export function progressPercent(received: number, expected: number | undefined): number | undefined {
  if (expected === undefined || expected <= 0) return undefined;
  return Math.min(100, Math.max(0, Math.floor((received / expected) * 100)));
}

/** "Received 1.2 MiB of 3.0 MiB (40%)", or "Received 1.2 MiB" when the size is not known. */
export function progressText(received: number, expected: number | undefined): string {
  const percent = progressPercent(received, expected);
  if (expected === undefined || percent === undefined) return `Received ${formatBytes(received)}`;
  return `Received ${formatBytes(received)} of ${formatBytes(expected)} (${percent}%)`;
}

/**
 * A gate that opens at most once per `intervalMs`: for progress text that must not chatter in a
 * live region, nor re-render on every chunk. The first call opens it.
 */
export function createThrottle(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const time = now();
    if (time - last < intervalMs) return false;
    last = time;
    return true;
  };
}

/** Lower-case hex of some bytes, as `sha256sum` prints a checksum. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let hex = "";
  for (const byte of view) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
