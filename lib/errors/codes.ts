import "server-only";

/**
 * Every error code the portal answers with, its HTTP status, and what it means for the user.
 * The status is derived from the code here and nowhere else.
 *
 * Storage refusals use statuses that cannot be mistaken for the portal's own 401/403: a storage
 * system rejecting its credentials must not look like the portal session expiring.
 */
export const ERROR_CODES = {
  /** A value in the request is not valid; `fields` says which. The user corrects it and resends. */
  VALIDATION_FAILED: 400,
  /** No portal session, or it expired. The user signs in again. */
  UNAUTHENTICATED: 401,
  /** Sign-in refused: unknown user, wrong password or disabled account, alike. The user checks both or asks an admin. */
  INVALID_CREDENTIALS: 401,
  /** The role does not allow it, or a cross-site request. The user asks an admin for the role. */
  FORBIDDEN: 403,
  /** An admin reset the password: until the user chooses a new one (POST /api/auth/password), nothing else is open to them. */
  PASSWORD_CHANGE_REQUIRED: 403,
  /** The user, system or backup does not exist (or was removed). The user goes back to the list. */
  NOT_FOUND: 404,
  /** The request contradicts the current state (a name taken, a removed system, another array at the address). The message says what to change. */
  CONFLICT: 409,
  /** The certificate presented is not the one the admin inspected. The admin inspects it again. */
  CERTIFICATE_MISMATCH: 409,
  /** Another registered system already uses this base URL; `existingSystem` names it. The admin checks it is not the same array, then confirms (`confirmDuplicateBaseUrl`). */
  DUPLICATE_BASE_URL: 409,
  /** The request body is larger than the portal takes (16 KiB of JSON). A script sends less. */
  PAYLOAD_TOO_LARGE: 413,
  /** The body was not sent as application/json. A script sends JSON. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Too many attempts (sign-ins, connection tests) or a full password-hash queue; `retryAfterSeconds` and `Retry-After` say how long to wait. */
  THROTTLED: 429,
  /** A backup of this system is already running. The user waits for it to finish. */
  BACKUP_IN_PROGRESS: 409,
  /** The storage system refused the storage user name or password. The user checks them. */
  STORAGE_AUTH_FAILED: 422,
  /** The storage user lacks the Security Administrator (View & Modify) role. The user picks another storage user. */
  STORAGE_PERMISSION_DENIED: 422,
  /** Resources are locked through the storage system's REST API. The user unlocks them, then retries. */
  STORAGE_LOCKED: 423,
  /** The storage system answered that it does not support key backup (412). */
  MICROCODE_UNSUPPORTED: 412,
  /** The storage system is busy (503). The user waits a minute and retries. */
  STORAGE_BUSY: 503,
  /** The storage system could not be reached. The user checks the address and network path. */
  STORAGE_UNREACHABLE: 502,
  /** TLS to the storage system failed or its certificate is not the trusted one. An admin checks the trust. */
  STORAGE_TLS_ERROR: 502,
  /** The storage system did not answer in time. The user retries, then checks its load and network. */
  STORAGE_TIMEOUT: 504,
  /** Any other failure reported by, or in the answer of, the storage system; its own message is kept. */
  STORAGE_ERROR: 502,
  /** This portal instance is shutting down: it starts no new backup, and stops the ones its grace period did not see end. The user retries in a moment, or on another instance. */
  SHUTTING_DOWN: 503,
  /** A fault in the portal itself; logged, never detailed to the user. The user retries, then tells an admin. */
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type AppErrorCode = keyof typeof ERROR_CODES;

export function statusOf(code: AppErrorCode): number {
  return ERROR_CODES[code];
}
