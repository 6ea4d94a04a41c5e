import type { ErrorTitles } from "@/components/ui/error-description";

/**
 * Headlines for a refused backup, by error code: what happened, in a few words. The portal's
 * message under it says what to do next (naming the microcode, the lock, ...), and the storage
 * system's own message and solution follow; a headline never repeats that advice.
 */
export const BACKUP_ERROR_TITLES: ErrorTitles = {
  UNAUTHENTICATED: "Your portal session has ended.",
  NOT_FOUND: "This storage system is no longer registered (it may have been removed). Reload the page.",
  STORAGE_AUTH_FAILED: "The storage system refused the storage username or password.",
  STORAGE_PERMISSION_DENIED: "The storage user lacks the role for key backup.",
  STORAGE_LOCKED: "The storage system is locked.",
  STORAGE_BUSY: "The storage system is busy.",
  STORAGE_UNREACHABLE: "The portal could not reach the storage system.",
  STORAGE_TLS_ERROR: "The storage system's certificate is not the one the portal trusts. Nothing was sent to it.",
  STORAGE_TIMEOUT: "The storage system did not answer in time.",
  STORAGE_ERROR: "The storage system reported an error. See its message and solution below.",
};
