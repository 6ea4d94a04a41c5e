import "server-only";

import { z } from "zod";

/** What went wrong, in terms the portal can act on. */
export type StorageErrorKind =
  | "auth"
  | "permission"
  | "locked"
  | "unsupported"
  | "busy"
  | "not-found"
  | "bad-request"
  | "server"
  | "unreachable"
  | "tls"
  | "timeout"
  | "protocol";

/** Whatever the storage system said about the error; every field may be missing. */
export interface StorageErrorDetail {
  messageId?: string;
  message?: string;
  solution?: string;
  cause?: string;
  detailCode?: string;
  solutionType?: string;
  errorCode?: { SSB1?: string; SSB2?: string };
}

/** The one error type of the storage API client. Its message never carries a secret. */
export class StorageApiError extends Error {
  override readonly name = "StorageApiError";
  readonly kind: StorageErrorKind;
  readonly status?: number;
  readonly storage?: StorageErrorDetail;

  constructor(
    kind: StorageErrorKind,
    message: string,
    options: { status?: number; storage?: StorageErrorDetail; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.storage = options.storage;
  }
}

const text = z.string().max(4000).optional().catch(undefined);
const errorBodySchema = z.object({
  messageId: text,
  message: text,
  solution: text,
  cause: text,
  detailCode: z.union([z.string(), z.number()]).transform(String).optional().catch(undefined),
  solutionType: text,
  errorCode: z.object({ SSB1: text, SSB2: text }).optional().catch(undefined),
});

const LOCK_MESSAGE_IDS = new Set(["KART40050-E", "KART40051-E", "KART40052-E"]);
const LOCK_SSB_CODES = new Set(["2E11/2205", "2E11/2207"]);
const BUSY_MESSAGE_IDS = new Set(["KART00003-E"]);

/** Parses an error body that may be JSON, HTML, empty or garbage. Only the known fields survive. */
export function parseErrorBody(contentType: string | null, body: string): StorageErrorDetail | undefined {
  const trimmed = body.trim();
  if (!trimmed.startsWith("{")) return undefined;
  if (contentType && !/json/i.test(contentType) && !/text\/plain/i.test(contentType)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const detail = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  ) as StorageErrorDetail;
  return Object.keys(detail).length > 0 ? detail : undefined;
}

function isLocked(status: number, detail: StorageErrorDetail | undefined): boolean {
  if (status === 409) return true;
  if (detail?.messageId && LOCK_MESSAGE_IDS.has(detail.messageId)) return true;
  const ssb = detail?.errorCode;
  return !!ssb && LOCK_SSB_CODES.has(`${ssb.SSB1 ?? ""}/${ssb.SSB2 ?? ""}`.toUpperCase());
}

function kindFor(status: number, detail: StorageErrorDetail | undefined): StorageErrorKind {
  if (isLocked(status, detail)) return "locked";
  if (status === 503 || (detail?.messageId && BUSY_MESSAGE_IDS.has(detail.messageId))) return "busy";
  switch (status) {
    case 401:
      return "auth";
    case 403:
      return "permission";
    case 404:
      return "not-found";
    case 412:
      return "unsupported";
    case 400:
    case 405:
    case 406:
    case 415:
      return "bad-request";
  }
  if (status >= 500) return "server";
  return "protocol";
}

const SUMMARY: Record<StorageErrorKind, string> = {
  auth: "The storage system refused the credentials or the session",
  permission: "The storage user lacks the permission for this operation",
  locked: "Resources of the storage system are locked through the REST API; unlock them first",
  unsupported: "The microcode version of the storage system does not support this operation",
  busy: "The storage system is busy",
  "not-found": "The storage system does not know the requested object",
  "bad-request": "The storage system rejected the request",
  server: "The storage system reported an internal error",
  unreachable: "The storage system could not be reached",
  tls: "The storage system's TLS certificate was not trusted",
  timeout: "The storage system did not answer in time",
  protocol: "The storage system answered in an unexpected way",
};

/** Builds the error for a non-success HTTP answer from its status, content type and body text. */
export function errorFromResponse(
  status: number,
  contentType: string | null,
  body: string,
  operation: string,
): StorageApiError {
  const storage = parseErrorBody(contentType, body);
  const kind = kindFor(status, storage);
  let message = `${SUMMARY[kind]} (${operation}: HTTP ${status}`;
  if (storage?.messageId) message += `, ${storage.messageId}`;
  message += ")";
  if (storage?.message) {
    message += `: ${storage.message}`;
  } else if (/html/i.test(contentType ?? "") || /^\s*</.test(body)) {
    message +=
      ": the answer was an HTML page, not a REST API error; a proxy or load balancer may be in front of the storage system";
  } else if (body.trim() === "") {
    message += ": the answer had no body";
  } else {
    message += ": the answer was not a REST API error body";
  }
  return new StorageApiError(kind, message, { status, storage });
}

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    if (typeof current === "object" && "code" in current && typeof current.code === "string") {
      codes.push(current.code);
    }
    current = typeof current === "object" && current && "cause" in current ? current.cause : undefined;
  }
  return codes;
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith("ERR_TLS_") ||
    code.startsWith("ERR_SSL_") ||
    code.startsWith("CERT_") ||
    code.includes("CERT") ||
    code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" ||
    code === "STORAGE_PIN_MISMATCH"
  );
}

/** Maps a network-level failure (no HTTP answer, or a body that broke off) to the client's error. */
export function errorFromNetwork(error: unknown, operation: string, phase: "request" | "body"): StorageApiError {
  if (error instanceof StorageApiError) return error;
  const codes = errorCodes(error);
  const tls = codes.find(isTlsCode);
  if (tls) {
    const pin = codes.includes("STORAGE_PIN_MISMATCH");
    return new StorageApiError(
      "tls",
      pin
        ? `The storage system presented a certificate that does not match the pinned one (${operation}). If its certificate was replaced, an admin must confirm the new certificate.`
        : `The storage system's TLS certificate was not trusted (${operation}: ${tls}). Check the certificate trust configured for this system.`,
      { cause: error },
    );
  }
  const timeout = codes.find((code) => TIMEOUT_CODES.has(code));
  if (timeout) {
    const what =
      timeout === "UND_ERR_CONNECT_TIMEOUT"
        ? "connecting"
        : timeout === "UND_ERR_BODY_TIMEOUT"
          ? "the transfer stalled"
          : "waiting for the answer";
    return new StorageApiError("timeout", `The storage system did not answer in time (${operation}: ${what})`, {
      cause: error,
    });
  }
  if (phase === "body") {
    return new StorageApiError("protocol", `The transfer from the storage system broke off (${operation})`, {
      cause: error,
    });
  }
  const unreachable = codes.find((code) => UNREACHABLE_CODES.has(code));
  return new StorageApiError(
    "unreachable",
    `The storage system could not be reached (${operation}${unreachable ? `: ${unreachable}` : ""}). Check the address and the network path.`,
    { cause: error },
  );
}
