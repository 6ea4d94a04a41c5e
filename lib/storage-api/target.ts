import "server-only";

import { StorageApiError } from "./errors";

/** How the portal decides to trust a storage system's certificate. Verification is never off. */
export type StorageTrust =
  /** A CA certificate (PEM) that issued the system's certificate; the host name is checked too. */
  | { kind: "ca"; caCertificatePem: string }
  /**
   * An admin-confirmed certificate: only this exact certificate (by SHA-256) is accepted. The
   * certificate itself (PEM) is the trust anchor, so a self-signed array certificate works.
   */
  | { kind: "pin"; sha256Fingerprint: string; certificatePem: string }
  /** The system trust store (a certificate from a publicly trusted or OS-installed CA). */
  | { kind: "system" };

export interface StorageTimeouts {
  /** TCP + TLS connection set-up. */
  connectMs: number;
  /** From the request to the response headers (the backup runs synchronously on the array). */
  headersMs: number;
  /** Longest pause between two chunks of a response body. */
  bodyIdleMs: number;
}

export const DEFAULT_TIMEOUTS: StorageTimeouts = { connectMs: 10_000, headersMs: 120_000, bodyIdleMs: 30_000 };

/**
 * Something the client handles by itself yet an operator should hear about (it throws nothing for
 * it). `event` and the fields are meant as a structured log line; `message` as its text.
 */
export interface StorageLogEvent {
  level: "warn";
  event: "storage.session.discard_failed";
  message: string;
  sessionId: number;
  /** The StorageApiError kind of the last attempt, if it had one. */
  kind: string | undefined;
}

export interface StorageTarget {
  /**
   * `https://HOST/ConfigurationManager` (embedded in the storage system) or
   * `https://HOST:23451/ConfigurationManager` (REST API server, with `storageDeviceId`).
   */
  baseUrl: string;
  /** Set for the REST API server form: object paths then sit under `storages/{storageDeviceId}`. */
  storageDeviceId?: string;
  trust: StorageTrust;
  timeouts?: Partial<StorageTimeouts>;
  /** Plain HTTP is refused unless a lab set-up asks for it explicitly. */
  allowPlainHttp?: boolean;
  /** Where the client reports what it handles by itself (a session it could not discard). Default: nowhere. */
  log?: (event: StorageLogEvent) => void;
}

/** 12 characters: a model prefix and the serial number; digits, though VSP One ids carry letters ("A34000810045"). */
export const STORAGE_DEVICE_ID = /^[0-9A-Za-z]{12}$/;

/** The normalised base URL (no trailing slash), checked for scheme and shape. */
export function normaliseBaseUrl(target: Pick<StorageTarget, "baseUrl" | "allowPlainHttp">): URL {
  let url: URL;
  try {
    url = new URL(target.baseUrl);
  } catch {
    throw new StorageApiError("bad-request", "The storage system's base URL is not a valid URL");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && target.allowPlainHttp)) {
    throw new StorageApiError("bad-request", "The storage system's base URL must use https");
  }
  if (url.username || url.password) {
    throw new StorageApiError("bad-request", "The storage system's base URL must not contain credentials");
  }
  if (url.search || url.hash) {
    throw new StorageApiError("bad-request", "The storage system's base URL must not contain a query or fragment");
  }
  url.pathname = url.pathname.replace(/\/+$/, "");
  return url;
}

/** Builds request URLs for both documented forms of the API. */
export class StorageUrls {
  readonly base: string;
  readonly storageDeviceId?: string;

  constructor(target: Pick<StorageTarget, "baseUrl" | "allowPlainHttp" | "storageDeviceId">) {
    this.base = normaliseBaseUrl(target).toString().replace(/\/+$/, "");
    if (target.storageDeviceId !== undefined && !STORAGE_DEVICE_ID.test(target.storageDeviceId)) {
      throw new StorageApiError(
        "bad-request",
        "The storageDeviceId must be 12 letters or digits (model prefix + serial number)",
      );
    }
    this.storageDeviceId = target.storageDeviceId;
  }

  version(): string {
    return `${this.base}/configuration/version`;
  }

  /** `path` is relative to `v1/objects/` in the embedded form, e.g. `sessions` or `encryption-keys`. */
  object(path: string, query?: Record<string, string | number | undefined>): string {
    const prefix = this.storageDeviceId
      ? `${this.base}/v1/objects/storages/${this.storageDeviceId}`
      : `${this.base}/v1/objects`;
    const url = new URL(`${prefix}/${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /**
   * `path` is relative to `v1/services/` in the embedded form, e.g.
   * `resource-group-service/actions/lock/invoke`; the REST API server puts services under
   * `v1/{storageDeviceId}/services/`, not under `objects/storages/`.
   */
  service(path: string): string {
    const prefix = this.storageDeviceId
      ? `${this.base}/v1/${this.storageDeviceId}/services`
      : `${this.base}/v1/services`;
    return new URL(`${prefix}/${path}`).toString();
  }

  /** The storage identity: `storages/instance` embedded, `storages/{id}` on the REST API server. */
  identity(): string {
    return this.storageDeviceId
      ? `${this.base}/v1/objects/storages/${this.storageDeviceId}`
      : `${this.base}/v1/objects/storages/instance`;
  }
}
