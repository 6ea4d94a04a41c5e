import "server-only";

import { INVENTED_MESSAGE_IDS, RECORDED_MESSAGE_IDS } from "./message-ids";
import type { StorageRole } from "./types";

/** The JSON error body the Configuration Manager REST API answers with. */
export interface ErrorBody {
  errorSource: string;
  message: string;
  solution: string;
  messageId: string;
  detailCode?: string;
  errorCode?: { SSB1: string; SSB2: string };
}

/** A refusal of a request, thrown by handlers and turned into an error body in one place. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messageId: string,
    message: string,
    readonly solution: string,
    readonly extra: { errorCode?: { SSB1: string; SSB2: string }; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  /** The same refusal repeating `password` (a careless array's answer; see echoPasswordInErrors). */
  echoing(password: string): ApiError {
    return new ApiError(
      this.status,
      this.messageId,
      `${this.message} (The password "${password}" was specified.)`,
      `${this.solution} Check the password "${password}".`,
      this.extra,
    );
  }

  body(errorSource: string): ErrorBody {
    return {
      errorSource,
      message: this.message,
      solution: this.solution,
      messageId: this.messageId,
      // Real answers carry the number of the messageId in detailCode, e.g. "40038E-0".
      detailCode: this.messageId.replace(/^KART0*(\d+)-?(\w)$/, "$1$2-0"),
      ...(this.extra.errorCode ? { errorCode: this.extra.errorCode } : {}),
    };
  }
}

const REAL = RECORDED_MESSAGE_IDS;
const INVENTED = INVENTED_MESSAGE_IDS;

const ROLE_NAMES: Record<StorageRole, string> = {
  "storage-admin-view": "Storage Administrator (View Only)",
  "security-admin-view": "Security Administrator (View Only)",
  "security-admin-modify": "Security Administrator (View & Modify)",
};

// Every messageId comes from message-ids.ts: the record's where it knows one, else an invented one.
export const errors = {
  badCredentials: () =>
    new ApiError(
      401,
      INVENTED.authenticationFailed,
      "Authentication failed. The user ID or password is invalid.",
      "Specify a valid user ID and password, and then retry the operation.",
    ),
  missingCredentials: () =>
    new ApiError(
      401,
      INVENTED.authenticationFailed,
      "Authentication failed. No authentication information is specified.",
      "Specify the Authorization header, and then retry the operation.",
    ),
  invalidToken: () =>
    new ApiError(
      401,
      INVENTED.invalidToken,
      "The specified token is invalid.",
      "Create a session again, and then retry the operation with the new token.",
    ),
  sessionLimit: (max: number) =>
    new ApiError(
      503,
      INVENTED.sessionLimit,
      `The maximum number of sessions (${max}) is reached. A new session cannot be created.`,
      "Discard sessions that are no longer needed, or wait a while and then run the request again.",
    ),
  noPermission: (role: StorageRole) =>
    new ApiError(
      403,
      INVENTED.noPermission,
      "The user does not have the permission required to perform this operation.",
      `Log in as a user who has the required role (${ROLE_NAMES[role]}), and then retry.`,
    ),
  notYourSession: () =>
    new ApiError(
      403,
      INVENTED.notYourSession,
      "The specified session belongs to another user or session.",
      "Specify your own session, or specify force as true with a user who has the required role.",
    ),
  /** The answer of the "status" fault: the array's error shape with the status a test asked for. */
  injected: (status: number) =>
    new ApiError(
      status,
      INVENTED.injected,
      `The request could not be processed (simulated status ${status}).`,
      "Wait a moment, and then retry the operation.",
    ),
  notAcceptable: () =>
    new ApiError(
      406,
      INVENTED.notAcceptable,
      "The media type specified in the Accept header is not supported by this operation.",
      "Specify application/octet-stream for the Accept header, and then retry the operation.",
    ),
  unsupportedMicrocode: () =>
    new ApiError(
      412,
      INVENTED.microcodeUnsupported,
      "The microcode version of the storage system does not support this operation.",
      "Update the microcode of the storage system, and then retry the operation.",
    ),
  malformedBody: (detail: string) =>
    new ApiError(
      400,
      REAL.unsupportedParameter,
      `An unsupported parameter is specified in the request body, or the request body is invalid. (${detail})`,
      "Check whether the specified attribute is correct, and then retry the operation.",
    ),
  invalidValue: (detail: string) =>
    new ApiError(
      400,
      REAL.invalidParameter,
      `The specified value is invalid. (${detail})`,
      "Specify a valid value, and then retry the operation.",
    ),
  invalidQuery: (detail: string) =>
    new ApiError(
      400,
      REAL.invalidParameter,
      `A query parameter is invalid. (${detail})`,
      "Check the query parameters, and then retry the operation.",
    ),
  unsupportedMediaType: () =>
    new ApiError(
      415,
      INVENTED.unsupportedMediaType,
      "The media type of the request body is not supported.",
      "Specify application/json for the Content-Type header, and then retry the operation.",
    ),
  lockHeldByOther: () =>
    new ApiError(
      409,
      REAL.lockFailure,
      "The resources could not be locked because another session holds a lock.",
      "Wait until the other session releases the lock, and then retry the operation.",
      { errorCode: { SSB1: "2E11", SSB2: "2205" } },
    ),
  /** The calling user holds a REST lock; status and form are the system's settings. */
  lockedForBackup: (status: number, form: "message-id" | "ssb-only") =>
    new ApiError(
      status,
      form === "message-id" ? REAL.lockFailure : REAL.commandEndedAbnormally,
      "The encryption keys cannot be backed up because you locked resources of the storage system by using the REST API.",
      "Unlock the resources (resource-group-service unlock), and then retry the operation.",
      form === "ssb-only" ? { errorCode: { SSB1: "2E11", SSB2: "2205" } } : {},
    ),
  heldByOtherApplication: () =>
    // The status that comes with KART30008-E is unverified; 500 is this simulator's pick.
    new ApiError(
      500,
      REAL.unableToLockStorage,
      "Unable to lock the storage system.",
      "Another application is operating the storage system. Wait a while, and then retry the operation.",
    ),
  notFound: () =>
    new ApiError(
      404,
      REAL.objectNotFound,
      "The specified object does not exist.",
      "Check the URL of the request, and then retry the operation.",
    ),
  methodNotAllowed: (allowed: string[]) =>
    new ApiError(
      405,
      INVENTED.methodNotAllowed,
      "The specified HTTP method is not supported for this resource.",
      `Use one of these methods: ${allowed.join(", ")}.`,
      { headers: { Allow: allowed.join(", ") } },
    ),
  busy: () =>
    new ApiError(
      503,
      REAL.busy,
      "The storage system is busy. The request cannot be processed now.",
      "Wait a while, and then retry the operation.",
    ),
  tooManyKeys: (max: number) =>
    new ApiError(
      400,
      REAL.invalidParameter,
      `The total number of encryption keys would exceed the maximum (${max}).`,
      "Specify a smaller count, and then retry the operation.",
    ),
} as const;
