import "server-only";

import { parseErrorBody, parseFailedJobError, type StorageErrorDetail } from "./error-body";

export type { StorageErrorDetail } from "./error-body";

/** What went wrong, in terms the portal can act on. */
export type StorageErrorKind =
  | "auth"
  | "permission"
  | "locked"
  | "held"
  | "conflict"
  | "unsupported"
  | "busy"
  | "not-found"
  | "bad-request"
  | "server"
  | "unreachable"
  | "tls"
  | "timeout"
  | "protocol";

/**
 * Which call failed. Each needs its own role on the storage system, so the portal words the
 * failure from it (a 404 on "identity" or "keys" may mean the user lacks read permission).
 */
export type StorageStep = "version" | "session" | "identity" | "keys" | "backup" | "discard";

/** The one error type of the storage API client. Its message never carries a secret. */
export class StorageApiError extends Error {
  override readonly name = "StorageApiError";
  readonly kind: StorageErrorKind;
  readonly status?: number;
  readonly storage?: StorageErrorDetail;
  readonly step?: StorageStep;

  constructor(
    kind: StorageErrorKind,
    message: string,
    options: { status?: number; storage?: StorageErrorDetail; step?: StorageStep; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.storage = options.storage;
    this.step = options.step;
  }
}

const LOCK_MESSAGE_IDS = new Set(["KART40050-E", "KART40051-E", "KART40052-E"]);
const LOCK_SSB_CODES = new Set(["2E11/2205", "2E11/2207"]);
const LOCK_ERROR_CODES = new Set(["EX_EACCES"]);
const HELD_MESSAGE_IDS = new Set(["KART30008-E"]);
const BUSY_MESSAGE_IDS = new Set(["KART00003-E"]);
const INVALID_TOKEN = /the specified token is invalid/i;

/** A lock failure by what the storage system says, whatever the HTTP status (as cinder reads it). */
function isLockFailure(detail: StorageErrorDetail | undefined): boolean {
  if (detail?.messageId && LOCK_MESSAGE_IDS.has(detail.messageId)) return true;
  const codes = detail?.errorCode;
  if (!codes) return false;
  if (codes.errorCode && LOCK_ERROR_CODES.has(codes.errorCode.toUpperCase())) return true;
  return LOCK_SSB_CODES.has(`${codes.SSB1 ?? ""}/${codes.SSB2 ?? ""}`.toUpperCase());
}

function kindFor(status: number | undefined, detail: StorageErrorDetail | undefined): StorageErrorKind {
  if (isLockFailure(detail)) return "locked";
  if (detail?.messageId && HELD_MESSAGE_IDS.has(detail.messageId)) return "held";
  if (status === 503 || (detail?.messageId && BUSY_MESSAGE_IDS.has(detail.messageId))) return "busy";
  switch (status) {
    case undefined:
      return "server";
    case 401:
      return "auth";
    case 403:
      return "permission";
    case 404:
      return "not-found";
    case 409:
      return "conflict";
    case 412:
      return "unsupported";
    case 400:
    case 405:
    case 406:
    case 411:
    case 415:
    case 417:
      return "bad-request";
  }
  if (status >= 500) return "server";
  return "protocol";
}

const SUMMARY: Record<StorageErrorKind, string> = {
  auth: "The storage system refused the credentials or the session",
  permission: "The storage user lacks the permission for this operation",
  locked: "Resources of the storage system are locked through the REST API; unlock them first",
  held: "Another management application holds the storage system (it could not be locked); try again once that application has finished",
  conflict: "The storage system refused the request because it conflicts with the system's current state",
  unsupported: "The storage system answered that its microcode does not support this operation",
  busy: "The storage system is busy",
  "not-found": "The storage system does not know the requested object",
  "bad-request": "The storage system rejected the request",
  server: "The storage system reported an internal error",
  unreachable: "The storage system could not be reached",
  tls: "The storage system's TLS certificate was not trusted",
  timeout: "The storage system did not answer in time",
  protocol: "The storage system answered in an unexpected way",
};

export const SESSION_LIMIT_SUMMARY =
  "The storage system refused a new session, most likely because it already has 64 sessions, its limit, shared by every tool that talks to it (management software, scripts, other portals); wait for other sessions to end or expire, then try again";
export const INVALID_TOKEN_SUMMARY = "The storage system says the session is invalid or expired";
export const INVALID_TOKEN_ADVICE =
  "Sessions belong to one controller: the base URL must name one controller or the SVP, not a name that alternates between the controllers";

function summaryFor(
  kind: StorageErrorKind,
  status: number | undefined,
  detail: StorageErrorDetail | undefined,
  step?: StorageStep,
) {
  if (kind === "busy" && status === 503 && step === "session") return { summary: SESSION_LIMIT_SUMMARY };
  if (kind === "auth" && step !== "session" && INVALID_TOKEN.test(detail?.message ?? "")) {
    return { summary: INVALID_TOKEN_SUMMARY, advice: INVALID_TOKEN_ADVICE };
  }
  return { summary: SUMMARY[kind] };
}

/** Builds the error for a non-success HTTP answer from its status, content type and body text. */
export function errorFromResponse(
  status: number,
  contentType: string | null,
  body: string,
  operation: string,
  step?: StorageStep,
): StorageApiError {
  const storage = parseErrorBody(contentType, body);
  const kind = kindFor(status, storage);
  const { summary, advice } = summaryFor(kind, status, storage, step);
  let message = `${summary} (${operation}: HTTP ${status}`;
  if (storage?.messageId) message += `, ${storage.messageId}`;
  message += ")";
  if (storage?.message) {
    message += `: ${storage.message}`;
  } else if (/html/i.test(contentType ?? "") || /^\s*</.test(body)) {
    message +=
      ": the answer was an HTML page, not a REST API error; a proxy or load balancer may be in front of the storage system";
  } else if (body.trim() === "") {
    message += ": the answer had no body";
  } else if (!storage) {
    message += ": the answer was not a REST API error body";
  }
  if (advice) message += `${/[.!?]$/.test(message) ? "" : "."} ${advice}.`;
  return new StorageApiError(kind, message, { status, storage, step });
}

/** Builds the error for a job whose `state` is `Failed`; undefined if `job` is not one. */
export function errorFromFailedJob(job: unknown, operation: string, step?: StorageStep): StorageApiError | undefined {
  const storage = parseFailedJobError(job);
  if (!storage) return undefined;
  const kind = kindFor(undefined, storage);
  let message = `${SUMMARY[kind]} (${operation}: the job failed${storage.messageId ? `, ${storage.messageId}` : ""})`;
  if (storage.message) message += `: ${storage.message}`;
  return new StorageApiError(kind, message, { storage: Object.keys(storage).length > 0 ? storage : undefined, step });
}
