import "server-only";

import type { StorageClient } from "./client";
import { StorageApiError } from "./errors";
import { errorFromNetwork } from "./network-errors";
import { passThrough } from "./pass-through";
import type { StorageSession } from "./sessions";

export interface KeyBackupDownload {
  /** The encrypted key file as the storage system sends it, never buffered whole. */
  stream: ReadableStream<Uint8Array>;
  /** The size the storage system announced, if it did. */
  contentLength?: number;
}

function parseContentLength(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** Whether the last transfer coding is chunked, whose terminating chunk proves the body complete. */
function isChunked(transferEncoding: string | null): boolean {
  const codings = (transferEncoding ?? "").split(",").map((coding) => coding.trim().toLowerCase());
  return codings.at(-1) === "chunked";
}

export const UNFRAMED_BACKUP_MESSAGE =
  "The storage system sent the key file with neither a Content-Length nor chunked framing, so a transfer cut short could not be told from a complete one; it was refused before any byte was passed on. A proxy in front of the storage system may have stripped the framing.";

/**
 * Backs up the encryption keys to a file: `POST encryption-keys/file/actions/backup/invoke`.
 * The returned stream errors with a StorageApiError when the body breaks off or ends short of the
 * announced length, so a partial file can never look complete.
 */
export async function backupEncryptionKeys(
  client: StorageClient,
  session: StorageSession,
  backupPassword: string,
  options: { signal?: AbortSignal; method?: "POST" | "PUT" } = {},
): Promise<KeyBackupDownload> {
  const operation = "backing up the encryption keys";
  const response = await client.send(operation, client.urls.object("encryption-keys/file/actions/backup/invoke"), {
    method: options.method ?? "POST",
    headers: { ...session.headers(), Accept: "application/octet-stream" },
    json: { parameters: { password: backupPassword } },
    signal: options.signal,
    step: "backup",
  });
  const contentType = response.headers.get("content-type") ?? "";
  if (!/^application\/octet-stream\s*(;|$)/i.test(contentType) || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new StorageApiError(
      "protocol",
      `The storage system answered the backup with ${contentType || "no content type"} instead of a key file (application/octet-stream); a proxy may be in front of it`,
      { status: response.status, step: "backup" },
    );
  }
  const chunked = isChunked(response.headers.get("transfer-encoding"));
  const contentLength = chunked ? undefined : parseContentLength(response.headers.get("content-length"));
  // A close-delimited body ends the same way whether it is complete or cut short: not a backup.
  if (!chunked && contentLength === undefined) {
    await response.body.cancel().catch(() => {});
    throw new StorageApiError("protocol", UNFRAMED_BACKUP_MESSAGE, { status: response.status, step: "backup" });
  }
  const { signal } = options;
  let received = 0;
  // undici types its body as node:stream/web's ReadableStream<any>: the same object, other typings.
  const body = response.body as unknown as ReadableStream<Uint8Array>;
  const { stream } = passThrough(body, {
    onChunk(chunk) {
      received += chunk.byteLength;
      if (contentLength !== undefined && received > contentLength) {
        throw new StorageApiError(
          "protocol",
          `The key file from the storage system is longer than the announced ${contentLength} bytes`,
          { status: response.status, step: "backup" },
        );
      }
    },
    onEnd() {
      if (contentLength !== undefined && received !== contentLength) {
        throw new StorageApiError(
          "protocol",
          `The key file from the storage system ended after ${received} of ${contentLength} bytes`,
          { status: response.status, step: "backup" },
        );
      }
    },
    onError: (error) =>
      signal?.aborted
        ? signal.reason
        : client.describe(errorFromNetwork(error, `${operation}, after ${received} bytes`, "body", "backup")),
  });
  return { stream, contentLength };
}
