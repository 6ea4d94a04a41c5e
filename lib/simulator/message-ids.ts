import "server-only";

/** Message ids the public record knows, with the meaning it gives them. */
export const RECORDED_MESSAGE_IDS = {
  busy: "KART00003-E",
  /** The command ended abnormally; carries SSB codes. */
  commandEndedAbnormally: "KART30000-E",
  /** "Unable to lock the storage system": another management application holds it. */
  unableToLockStorage: "KART30008-E",
  objectNotFound: "KART30013-E",
  unsupportedParameter: "KART40038-E",
  /** Invalid parameter or combination of parameters. */
  invalidParameter: "KART40046-E",
  lockFailure: "KART40050-E",
} as const;

/**
 * Every id the record names, also those the simulator does not use (other lock failures, the
 * vendor's list of retryable ids): an invented id must never be one of these.
 */
export const IDS_OF_THE_RECORD: readonly string[] = [
  ...Object.values(RECORDED_MESSAGE_IDS),
  "KART40051-E",
  "KART40052-E",
  "KART00006-E",
  "KART30003-E",
  "KART30090-E",
  "KART30095-E",
  "KART30096-E",
  "KART30097-E",
  "KART40042-E",
  "KART40049-E",
];

/**
 * INVENTED: no public source gives the messageId of these answers, so the simulator makes them up,
 * all here. A client must not rely on any of them.
 */
export const INVENTED_MESSAGE_IDS = {
  /** 401 wrong or missing user name / password on session create. */
  authenticationFailed: "KART30005-E",
  /** 401 "The specified token is invalid" (clients match the text, not an id). */
  invalidToken: "KART30010-E",
  /** 503 the session table is full. */
  sessionLimit: "KART30040-E",
  /** 403 discarding another user's session without force. */
  notYourSession: "KART30041-E",
  /** 403 the user lacks the role of the step. */
  noPermission: "KART40047-E",
  /** 406 Accept does not name application/octet-stream. */
  notAcceptable: "KART40048-E",
  /** 412 the microcode does not support the function (the status and text are verified). */
  microcodeUnsupported: "KART40060-E",
  /** 415 the request body is not JSON. */
  unsupportedMediaType: "KART40041-E",
  /** 405 wrong HTTP method. */
  methodNotAllowed: "KART40044-E",
  /** Any status a test injects with the "status" fault. */
  injected: "KART90000-E",
} as const;
