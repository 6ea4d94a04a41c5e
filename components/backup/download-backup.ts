import { BackupAbortedError, startBackup } from "@/lib/api-client/backups";
import { BACKUP_EXPECTED_SIZE_HEADER, BACKUP_ID_HEADER } from "@/lib/schemas/backup";
import type { BackupRequest } from "@/lib/schemas/backup-password";

import { fileNameFromContentDisposition } from "./content-disposition";
import { parseExpectedSize } from "./transfer-maths";

export type TransferFailureKind =
  /** The body errored: the portal or the storage system broke the transfer off. */
  | "broken"
  /** The body ended before the announced size (or went past it). */
  | "short"
  /** The user cancelled. */
  | "cancelled"
  /** A 200 that is not a backup (no backup id): e.g. a proxy's page. */
  | "not-a-backup";

/** A transfer that did not deliver a whole file; nothing may be saved. */
export class TransferError extends Error {
  override readonly name = "TransferError";
  constructor(
    readonly kind: TransferFailureKind,
    readonly received: number,
    readonly expected: number | undefined,
    readonly backupId: string | undefined,
  ) {
    super(`Backup transfer ${kind} after ${received} bytes`);
  }
}

export interface StartedTransfer {
  backupId: string;
  fileName: string;
  expected: number | undefined;
}

/** A complete key file, held in memory until it is saved. */
export interface ReceivedBackup extends StartedTransfer {
  blob: Blob;
  bytes: number;
}

export interface TransferHooks {
  /** The portal accepted and the file is on its way (the history now has a "running" row). */
  onStarted?(transfer: StartedTransfer): void;
  /** After every chunk; throttle in the caller. */
  onProgress?(received: number, expected: number | undefined): void;
}

/**
 * Reads a backup response's body to the end. Resolves only when the body ended normally and,
 * when the size was announced, with exactly that many bytes; otherwise rejects with a
 * TransferError, and nothing of the partial file is kept.
 */
export async function receiveBackup(
  response: Response,
  options: TransferHooks & { signal?: AbortSignal; fallbackFileName: string },
): Promise<ReceivedBackup> {
  const backupId = response.headers.get(BACKUP_ID_HEADER) ?? undefined;
  const expected = parseExpectedSize(response.headers.get(BACKUP_EXPECTED_SIZE_HEADER));
  if (!backupId || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new TransferError("not-a-backup", 0, expected, backupId);
  }
  const fileName =
    fileNameFromContentDisposition(response.headers.get("content-disposition")) ?? options.fallbackFileName;
  options.onStarted?.({ backupId, fileName, expected });

  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
    try {
      result = await reader.read();
    } catch {
      chunks.length = 0;
      throw new TransferError(options.signal?.aborted ? "cancelled" : "broken", received, expected, backupId);
    }
    if (result.done) break;
    chunks.push(result.value);
    received += result.value.byteLength;
    options.onProgress?.(received, expected);
  }
  if (expected !== undefined && received !== expected) {
    chunks.length = 0;
    throw new TransferError("short", received, expected, backupId);
  }
  return {
    backupId,
    fileName,
    expected,
    bytes: received,
    blob: new Blob(chunks, { type: "application/octet-stream" }),
  };
}

/**
 * POSTs the backup request and reads the key file as it streams in. Rejects with an ApiError when
 * the portal refused before the first byte, or a TransferError when the transfer did not finish.
 */
export async function downloadBackup(
  systemId: string,
  body: BackupRequest,
  options: TransferHooks & { signal?: AbortSignal; fallbackFileName: string },
): Promise<ReceivedBackup> {
  let response: Response;
  try {
    response = await startBackup(systemId, body, options.signal);
  } catch (error) {
    if (error instanceof BackupAbortedError) throw new TransferError("cancelled", 0, undefined, undefined);
    throw error;
  }
  return receiveBackup(response, options);
}
