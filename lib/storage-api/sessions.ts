import "server-only";

import { z } from "zod";

import { connectionReturned, type StorageClient } from "./client";
import { StorageApiError } from "./errors";

export interface StorageCredentials {
  username: string;
  password: string;
}

/** A session on the storage system. The token stays private: it is not enumerable or serialisable. */
export class StorageSession {
  readonly sessionId: number;
  readonly #token: string;

  constructor(sessionId: number, token: string) {
    this.sessionId = sessionId;
    this.#token = token;
  }

  headers(): Record<string, string> {
    return { Authorization: `Session ${this.#token}` };
  }

  toJSON() {
    return { sessionId: this.sessionId };
  }
}

const sessionSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9._~+/=-]{8,512}$/),
  sessionId: z.coerce.number().int().nonnegative(),
});

/** Idle lifetime asked for: long enough for the next call, short enough to expire soon if orphaned. */
export const DEFAULT_ALIVE_TIME_SECONDS = 60;

/**
 * Opens a session, once: a 503 here most likely means the storage system's 64-session limit, which
 * every tool that talks to it shares, so it is reported, never retried.
 */
export async function createSession(
  client: StorageClient,
  credentials: StorageCredentials,
  options: { aliveTime?: number; signal?: AbortSignal } = {},
): Promise<StorageSession> {
  // Basic authentication cannot carry a colon in the user name, nor line breaks anywhere.
  if (credentials.username === "" || /[:\r\n]/.test(credentials.username) || /[\r\n]/.test(credentials.password)) {
    throw new StorageApiError(
      "auth",
      "The storage user name or password has a character the storage system cannot accept",
      { step: "session" },
    );
  }
  const basic = Buffer.from(`${credentials.username}:${credentials.password}`, "utf8").toString("base64");
  const answer = await client.json("creating a session", client.urls.object("sessions"), sessionSchema, {
    method: "POST",
    headers: { Authorization: `Basic ${basic}` },
    json: { aliveTime: options.aliveTime ?? DEFAULT_ALIVE_TIME_SECONDS },
    signal: options.signal,
    step: "session",
  });
  return new StorageSession(answer.sessionId, answer.token);
}

/** Discards the session, which also releases any lock it holds. */
export async function discardSession(
  client: StorageClient,
  session: StorageSession,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const response = await client.send("discarding the session", client.urls.object(`sessions/${session.sessionId}`), {
    method: "DELETE",
    headers: session.headers(),
    signal: options.signal,
    step: "discard",
  });
  await response.body?.cancel().catch(() => {});
  await connectionReturned();
}
