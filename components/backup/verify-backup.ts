import { fetchBackup } from "@/lib/api-client/backups";
import type { BackupItem } from "@/lib/schemas/backup";

import { toHex } from "./transfer-maths";

export type Verification =
  /** The bytes the browser received hash to what the portal recorded for a succeeded backup. */
  | { kind: "verified"; sha256: string; row: BackupItem }
  /** They do not, or the portal does not record the backup as succeeded: the download must not be trusted. */
  | { kind: "mismatch"; sha256: string; row: BackupItem; reason: string }
  /** The check itself could not run (no Web Crypto on a plain-http page, the record not readable). */
  | { kind: "unverifiable"; sha256?: string; row?: BackupItem; reason: string };

/**
 * Compares the SHA-256 and size of the bytes the browser received with the portal's record of the
 * backup. (What the browser then wrote to disk is beyond the page's reach.)
 */
export function compareWithRecord(sha256: string, bytes: number, row: BackupItem): Verification {
  if (row.status !== "succeeded") {
    return {
      kind: "mismatch",
      sha256,
      row,
      reason: `The portal records this backup as “${row.status}”, not as succeeded.`,
    };
  }
  if (!row.sha256) return { kind: "mismatch", sha256, row, reason: "The portal recorded no checksum for this backup." };
  if (row.sha256.toLowerCase() !== sha256.toLowerCase()) {
    return {
      kind: "mismatch",
      sha256,
      row,
      reason: "The SHA-256 of the downloaded data differs from the one the portal computed while streaming it.",
    };
  }
  if (row.bytes !== null && row.bytes !== bytes) {
    return {
      kind: "mismatch",
      sha256,
      row,
      reason: `The browser received ${bytes} bytes; the portal streamed ${row.bytes}.`,
    };
  }
  return { kind: "verified", sha256, row };
}

/** SHA-256 hex with Web Crypto, or undefined where the browser offers none (a plain-http page). */
export async function sha256Hex(data: ArrayBuffer): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  return toHex(await subtle.digest("SHA-256", data));
}

const RECORD_RETRIES = 3;
const RECORD_RETRY_MS = 500;

/**
 * Hashes the downloaded data and compares it with the portal's record. The portal records the ending
 * before it closes the stream, so "running" here is only a race worth a short wait.
 */
export async function verifyBackup(
  systemId: string,
  backup: { backupId: string; blob: Blob; bytes: number },
  load: (systemId: string, backupId: string) => Promise<BackupItem> = fetchBackup,
): Promise<Verification> {
  const sha256 = await sha256Hex(await backup.blob.arrayBuffer());
  let row: BackupItem | undefined;
  try {
    row = await load(systemId, backup.backupId);
    for (let attempt = 0; row.status === "running" && attempt < RECORD_RETRIES; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS));
      row = await load(systemId, backup.backupId);
    }
  } catch {
    return {
      kind: "unverifiable",
      sha256,
      row,
      reason:
        "The portal’s record of this backup could not be read, so the downloaded data could not be compared with it.",
    };
  }
  if (sha256 === undefined) {
    return {
      kind: "unverifiable",
      row,
      reason:
        "This browser computes checksums only on https pages. Compare the file’s SHA-256 (sha256sum, Get-FileHash) with the portal’s below.",
    };
  }
  return compareWithRecord(sha256, backup.bytes, row);
}
