import type { ApiErrorDetail } from "@/lib/schemas/api-error";

/**
 * A call to the portal's API that did not give what was asked for: a refusal with the error body
 * the portal sent, or a stand-in the browser made up (no answer, an answer it cannot read).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    readonly detail: ApiErrorDetail,
  ) {
    super(detail.message);
  }
  get code(): string {
    return this.detail.code;
  }
}

/**
 * The codes of the stand-ins: what only the browser can know, so the browser words it. Every other
 * code is the portal's own, with a message that says what to do next.
 */
export const CLIENT_ERROR_CODES = {
  /** No answer at all: the network or the portal is down. */
  NETWORK: "NETWORK",
  /** A refusal whose body is not the portal's error shape (a proxy's page, a cut-off body). */
  UNKNOWN: "UNKNOWN",
  /** A success whose body is not what the endpoint answers with (an old page after an update, a proxy). */
  UNEXPECTED_RESPONSE: "UNEXPECTED_RESPONSE",
} as const;
