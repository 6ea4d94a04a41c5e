/**
 * Lead sentences for a refused backup, by error code: what happened and what to do next. The
 * portal's own message (naming the microcode, the lock, ...) and the storage system's message and
 * solution are shown under it.
 */
export const BACKUP_ERROR_TITLES: Partial<Record<string, string>> = {
  UNAUTHENTICATED: "Your portal session has ended. Sign in again, then start the backup again.",
  FORBIDDEN: "Your portal role does not allow backups. Ask an admin for the operator role.",
  NOT_FOUND: "This storage system is no longer registered (it may have been removed). Reload the page.",
  BACKUP_IN_PROGRESS: "A backup of this storage system is already running. Wait for it to finish (see Backup history), then try again.",
  STORAGE_AUTH_FAILED: "The storage system refused the storage username or password. Check them, then try again.",
  STORAGE_PERMISSION_DENIED:
    "The storage user lacks the role for key backup. Use a storage user with the Security Administrator (View & Modify) role.",
  STORAGE_LOCKED: "Resources on the storage system are locked through its REST API. Unlock the resources, then try again.",
  STORAGE_BUSY: "The storage system is busy. Wait a few minutes, then try again.",
  STORAGE_UNREACHABLE: "The portal could not reach the storage system. Check the network path, then try again.",
  STORAGE_TLS_ERROR:
    "The storage system's certificate is not the one the portal trusts. Nothing was sent to it. Ask an admin to check the certificate.",
  STORAGE_TIMEOUT: "The storage system did not answer in time. Try again; if it keeps happening, check its load and the network.",
  STORAGE_ERROR: "The storage system reported an error. See its message and solution below.",
  VALIDATION_FAILED: "Some values are not valid. Correct the marked fields, then try again.",
  NETWORK: "The portal did not answer. Check your network connection, then try again.",
};
