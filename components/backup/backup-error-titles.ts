import { describeError, type ErrorDescription, type ErrorTitles } from "@/components/ui/error-description";

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

/** A sentence reduced for comparison: case, curly quotes, spacing and the final stop ignored. */
function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.!?]+$/, "");
}

/**
 * The alert text for a refused backup. When the portal's message already says the headline (the
 * storage client's summary often is that very sentence), the message stands alone, as it does for
 * a code without a headline, so the box does not say the same sentence twice.
 */
export function describeBackupError(error: unknown): ErrorDescription {
  const described = describeError(error, BACKUP_ERROR_TITLES);
  if (!described.detail) return described;
  const headline = comparable(described.title.split(/(?<=[.!?])\s/)[0] ?? described.title);
  return comparable(described.detail).includes(headline) ? { title: described.detail } : described;
}
