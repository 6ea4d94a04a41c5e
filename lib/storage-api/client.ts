import "server-only";

import { setImmediate as nextTurn } from "node:timers/promises";
import type { PeerCertificate } from "node:tls";
import { Agent, fetch, type Response } from "undici";
import type { z } from "zod";

import { storageAgents, type AgentLease } from "./agent-pool";
import { errorFromResponse, StorageApiError, type StorageStep } from "./errors";
import { errorFromNetwork, isCertificateDateFailure } from "./network-errors";
import {
  DEFAULT_TIMEOUTS,
  StorageUrls,
  type StorageLogEvent,
  type StorageTarget,
  type StorageTimeouts,
  type StorageTrust,
} from "./target";

const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A SHA-256 fingerprint as `AB:CD:...`, from any hex spelling (lower case, no colons, a `sha256:` prefix); null if it is none. */
function normaliseFingerprint(input: string): string | null {
  const hex = input
    .replace(/^sha256[:=]\s*/i, "")
    .replace(/[\s:]/g, "")
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(":");
}

function pinMismatch(): Error {
  return Object.assign(new Error("The certificate does not match the pinned fingerprint"), {
    code: "STORAGE_PIN_MISMATCH",
  });
}

function connectOptions(trust: StorageTrust, timeouts: StorageTimeouts) {
  const common = { timeout: timeouts.connectMs, rejectUnauthorized: true };
  switch (trust.kind) {
    case "ca":
      return { ...common, ca: trust.caCertificatePem };
    case "pin": {
      const pinned = normaliseFingerprint(trust.sha256Fingerprint);
      if (!pinned)
        throw new StorageApiError("bad-request", "The pinned certificate fingerprint is not a SHA-256 fingerprint");
      return {
        ...common,
        // The pinned certificate is the only trust anchor, so the chain check already demands it;
        // the exact-match check below also refuses anything else that anchor might have signed.
        // The host name is not compared: an exact, admin-confirmed certificate is the identity,
        // and array certificates rarely name the address they are reached at.
        ca: trust.certificatePem,
        // Lets a pinned certificate that a CA issued be the anchor by itself (no CA needed);
        // safe because the exact-match check below still accepts that one certificate only.
        allowPartialTrustChain: true,
        checkServerIdentity: (_host: string, cert: PeerCertificate) =>
          normaliseFingerprint(cert.fingerprint256 ?? "") === pinned ? undefined : pinMismatch(),
      };
    }
    case "system":
      return common;
  }
}

export interface SendOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  json?: unknown;
  signal?: AbortSignal;
  /** Which call this is; every error it raises carries it. */
  step?: StorageStep;
}

/**
 * One conversation with one storage system. Its connections come from the process-wide pool
 * (agent-pool.ts), bound to the system's origin, TLS trust and timeouts: every connection was
 * verified against that trust when it was made, and the next conversation with the same system
 * reuses it rather than making a new TLS handshake. Close the client when the conversation ends.
 */
export class StorageClient {
  readonly urls: StorageUrls;
  readonly timeouts: StorageTimeouts;
  private readonly trustKind: StorageTrust["kind"];
  private readonly dispatcher: Agent;
  private readonly lease: AgentLease;
  private readonly logTo: StorageTarget["log"];

  constructor(target: StorageTarget) {
    this.urls = new StorageUrls(target);
    this.logTo = target.log;
    const timeouts = { ...DEFAULT_TIMEOUTS, ...target.timeouts };
    this.timeouts = timeouts;
    this.trustKind = target.trust.kind;
    // Built before leasing, so a trust that cannot be used (a bad pin) throws without touching the pool.
    const connect = connectOptions(target.trust, timeouts);
    this.lease = storageAgents().lease({
      origin: new URL(this.urls.base).origin,
      trust: target.trust,
      timeouts,
      create: () => new Agent({ connect, headersTimeout: timeouts.headersMs, bodyTimeout: timeouts.bodyIdleMs }),
    });
    this.dispatcher = this.lease.dispatcher;
  }

  /** Sends a request; resolves with a 2xx response, otherwise throws a StorageApiError. */
  async send(operation: string, url: string, options: SendOptions = {}): Promise<Response> {
    const { step } = options;
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? "GET",
        headers,
        body,
        redirect: "manual",
        signal: options.signal,
        dispatcher: this.dispatcher,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw this.describe(errorFromNetwork(error, operation, "request", step));
    }
    if (response.status >= 200 && response.status < 300) return response;
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => {});
      throw new StorageApiError(
        "protocol",
        `The storage system answered ${operation} with a redirect (HTTP ${response.status}); redirects are not followed. Check the base URL.`,
        { status: response.status, step },
      );
    }
    const text = await readCapped(response).catch(() => "");
    throw errorFromResponse(response.status, response.headers.get("content-type"), text, operation, step);
  }

  /** Sends a request and parses its JSON answer with `schema`. */
  async json<S extends z.ZodType>(
    operation: string,
    url: string,
    schema: S,
    options: SendOptions = {},
  ): Promise<z.output<S>> {
    const { step } = options;
    const response = await this.send(operation, url, options);
    const contentType = response.headers.get("content-type") ?? "";
    let text: string;
    try {
      text = await readCapped(response, 16 * 1024 * 1024);
    } catch (error) {
      throw this.describe(errorFromNetwork(error, operation, "body", step));
    }
    await connectionReturned();
    let parsed: unknown;
    try {
      parsed = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      throw new StorageApiError(
        "protocol",
        `The storage system answered ${operation} with ${contentType || "an unknown content type"}, not JSON`,
        { status: response.status, step },
      );
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      throw new StorageApiError("protocol", `The storage system's answer to ${operation} has an unexpected shape`, {
        status: response.status,
        step,
      });
    }
    return result.data;
  }

  /**
   * Turns a generic TLS failure into the pin-specific one when this system is pinned; not one on
   * the certificate's dates, which the pinned certificate itself fails once it has expired.
   */
  describe(error: StorageApiError): StorageApiError {
    if (
      error.kind === "tls" &&
      this.trustKind === "pin" &&
      !error.message.includes("pinned") &&
      !isCertificateDateFailure(error.cause)
    ) {
      return new StorageApiError(
        "tls",
        "The storage system presented a certificate that does not match the pinned one. If its certificate was replaced, an admin must confirm the new certificate.",
        { cause: error.cause, step: error.step },
      );
    }
    return error;
  }

  /** Hands `event` to the target's log, if any. Never throws: a log that fails must not change the outcome. */
  log(event: StorageLogEvent): void {
    try {
      this.logTo?.(event);
    } catch {
      // nothing better to do with it
    }
  }

  /** Gives the connections back to the pool; every response body must have been read or cancelled. */
  async close(): Promise<void> {
    this.lease.release();
  }
}

/**
 * A connection whose response was read to its end goes back to undici's pool only on the next
 * turn of the event loop: a request sent before then would open (and TLS-handshake) one of its
 * own. Awaited after each answer read whole, so a conversation stays on one connection.
 */
export function connectionReturned(): Promise<void> {
  return nextTurn();
}

/** Reads at most `limit` bytes of a body as text, dropping the rest. */
async function readCapped(response: Response, limit = MAX_ERROR_BODY_BYTES): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size >= limit) {
        await reader.cancel();
        break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks).subarray(0, limit).toString("utf8");
}
