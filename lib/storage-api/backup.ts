import "server-only";

import type { StorageClient } from "./client";
import { errorFromNetwork, StorageApiError } from "./errors";
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
  });
  const contentType = response.headers.get("content-type") ?? "";
  if (!/^application\/octet-stream\s*(;|$)/i.test(contentType) || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new StorageApiError(
      "protocol",
      `The storage system answered the backup with ${contentType || "no content type"} instead of a key file (application/octet-stream); a proxy may be in front of it`,
      { status: response.status },
    );
  }
  const contentLength = parseContentLength(response.headers.get("content-length"));
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
          {
            status: response.status,
          },
        );
      }
    },
    onEnd() {
      if (contentLength !== undefined && received !== contentLength) {
        throw new StorageApiError(
          "protocol",
          `The key file from the storage system ended after ${received} of ${contentLength} bytes`,
          {
            status: response.status,
          },
        );
      }
    },
    onError: (error) =>
      signal?.aborted
        ? signal.reason
        : client.describe(errorFromNetwork(error, `${operation}, after ${received} bytes`, "body")),
  });
  return { stream, contentLength };
}
