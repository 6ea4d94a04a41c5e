import "server-only";

import { connectionReturned, StorageClient } from "./client";
import { passThrough, passThroughSettled } from "./pass-through";
import { createSession, discardSession, type StorageCredentials, type StorageSession } from "./sessions";
import type { StorageTarget } from "./target";

export interface StorageContext {
  client: StorageClient;
  session: StorageSession;
}

export interface SessionOptions {
  signal?: AbortSignal;
  aliveTime?: number;
}

const DISCARD_TIMEOUT_MS = 10_000;

/**
 * Discards the session and closes the client. It never throws: a failure goes to the target's
 * `log` (if any), and the short aliveTime the session was opened with is the backstop. The
 * caller's signal is not used, so a cancelled request still discards its session.
 */
async function endSession(client: StorageClient, session: StorageSession): Promise<void> {
  try {
    // After a streamed body too, the discard should go out on the connection the body came on.
    await connectionReturned();
    for (let attempt = 1; ; attempt++) {
      try {
        await discardSession(client, session, { signal: AbortSignal.timeout(DISCARD_TIMEOUT_MS) });
        return;
      } catch (error) {
        const kind = (error as { kind?: string }).kind;
        // The session is already gone (expired or discarded), which is what we wanted.
        if (kind === "auth" || kind === "not-found") return;
        if (attempt >= 2) {
          client.log({
            level: "warn",
            event: "storage.session.discard_failed",
            sessionId: session.sessionId,
            kind,
            message: "could not discard a storage session",
          });
          return;
        }
      }
    }
  } finally {
    await client.close();
  }
}

/** A client and a session on it; the client is closed again if the session cannot be opened. */
async function open(
  target: StorageTarget,
  credentials: StorageCredentials,
  options: SessionOptions,
): Promise<StorageContext> {
  const client = new StorageClient(target);
  try {
    return { client, session: await createSession(client, credentials, options) };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Opens a session, runs `work`, and always discards the session afterwards. */
export async function withStorageSession<T>(
  target: StorageTarget,
  credentials: StorageCredentials,
  work: (context: StorageContext) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const { client, session } = await open(target, credentials, options);
  try {
    return await work({ client, session });
  } finally {
    await endSession(client, session);
  }
}

/**
 * Like withStorageSession, for work whose result carries a stream: the session is discarded when
 * that stream has ended, failed or been cancelled by its reader (or at once if `work` throws).
 * `sessionEnded` settles when the discard has been attempted. A stream that passThrough made
 * (backupEncryptionKeys's) is handed on as it is, for it tells when it is over; any other is
 * passed through once more to find out.
 */
export async function streamWithStorageSession<T extends { stream: ReadableStream<Uint8Array> }>(
  target: StorageTarget,
  credentials: StorageCredentials,
  work: (context: StorageContext) => Promise<T>,
  options: SessionOptions = {},
): Promise<T & { sessionEnded: Promise<void> }> {
  const { client, session } = await open(target, credentials, options);
  let result: T;
  try {
    result = await work({ client, session });
  } catch (error) {
    await endSession(client, session);
    throw error;
  }

  let ended: Promise<void> | undefined;
  const finish = () => (ended ??= endSession(client, session));
  // Settles once the stream is over and its source has let go of the response body.
  const settled = passThroughSettled(result.stream);
  if (settled) return { ...result, sessionEnded: settled.then(finish) };
  const piped = passThrough(result.stream, {
    // Once the source has let go of its response body, not while it still reads it.
    onCancel: (_reason, sourceCancelled) => sourceCancelled.then(finish),
  });
  return { ...result, stream: piped.stream, sessionEnded: piped.settled.then(finish) };
}
