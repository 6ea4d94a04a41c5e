import "server-only";

import { StorageApiError, type StorageStep } from "./errors";

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

/**
 * The certificate's dates rather than its identity: even the pinned certificate fails these once
 * it has expired, so such a failure must not be told as a pin mismatch.
 */
const DATE_FAILURES: Record<string, { state: string; advice: string }> = {
  CERT_HAS_EXPIRED: { state: "has expired", advice: "it must be renewed on the storage system" },
  CERT_NOT_YET_VALID: { state: "is not valid yet", advice: "check the clocks of the storage system and of the portal" },
};

/** The certificate failed on its dates (expired or not yet valid), whoever issued it. */
export function isCertificateDateFailure(error: unknown): boolean {
  return errorCodes(error).some((code) => code in DATE_FAILURES);
}

/** Maps a network-level failure (no HTTP answer, or a body that broke off) to the client's error. */
export function errorFromNetwork(
  error: unknown,
  operation: string,
  phase: "request" | "body",
  step?: StorageStep,
): StorageApiError {
  if (error instanceof StorageApiError) return error;
  const codes = errorCodes(error);
  const tls = codes.find(isTlsCode);
  if (tls) {
    const pin = codes.includes("STORAGE_PIN_MISMATCH");
    const dates = codes.find((code) => code in DATE_FAILURES);
    if (dates) {
      const { state, advice } = DATE_FAILURES[dates]!;
      const message = `The storage system's TLS certificate ${state} (${operation}: ${dates}); ${advice}.`;
      return new StorageApiError("tls", message, { cause: error, step });
    }
    return new StorageApiError(
      "tls",
      pin
        ? `The storage system presented a certificate that does not match the pinned one (${operation}). If its certificate was replaced, an admin must confirm the new certificate.`
        : `The storage system's TLS certificate was not trusted (${operation}: ${tls}). Check the certificate trust configured for this system.`,
      { cause: error, step },
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
      step,
    });
  }
  if (phase === "body") {
    return new StorageApiError("protocol", `The transfer from the storage system broke off (${operation})`, {
      cause: error,
      step,
    });
  }
  const unreachable = codes.find((code) => UNREACHABLE_CODES.has(code));
  return new StorageApiError(
    "unreachable",
    `The storage system could not be reached (${operation}${unreachable ? `: ${unreachable}` : ""}). Check the address and the network path.`,
    { cause: error, step },
  );
}
