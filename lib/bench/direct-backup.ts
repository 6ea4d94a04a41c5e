import "server-only";

import { errorMessage } from "@/lib/errors/error-message";
import {
  backupEncryptionKeys,
  streamWithStorageSession,
  type StorageCredentials,
  type StorageTarget,
} from "@/lib/storage-api";
import { logStorageEvent } from "@/lib/systems/storage-target";

import { BenchFailure, BodyMeter, type Transfer } from "./transfer";

/**
 * One backup straight from the array with the portal's own storage client, timed like the portal
 * run: the headers are in once the session is open and the backup has answered. This is the floor
 * the portal's figures are compared with (the portal also reads the storage identity first).
 * Resolves once the storage session has been discarded, outside the timing.
 */
export async function directBackup(
  target: StorageTarget,
  credentials: StorageCredentials,
  backupPassword: string,
  timeoutMs: number,
): Promise<Transfer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const download = await streamWithStorageSession(
    // As the portal does: a session it cannot discard is a log line.
    { ...target, log: logStorageEvent },
    credentials,
    ({ client, session }) => backupEncryptionKeys(client, session, backupPassword, { signal }),
    { signal },
  );
  const headersMs = performance.now() - started;

  const meter = new BodyMeter();
  const reader = download.stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      meter.add(value);
    }
  } catch (error) {
    throw new BenchFailure(`the key file from the array ended after ${meter.bytes} bytes: ${errorMessage(error)}`);
  }
  const lastByteMs = performance.now() - started;
  await download.sessionEnded;
  return { headersMs, lastByteMs, bytes: meter.bytes, sha256: meter.digest(), announcedBytes: download.contentLength };
}
