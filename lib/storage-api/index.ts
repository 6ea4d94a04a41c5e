import "server-only";

export { closeStorageConnections } from "./agent-pool";
export { StorageClient } from "./client";
export {
  errorFromFailedJob,
  errorFromResponse,
  StorageApiError,
  type StorageErrorDetail,
  type StorageErrorKind,
  type StorageStep,
} from "./errors";
export { parseFailedJobError } from "./error-body";
export {
  DEFAULT_TIMEOUTS,
  type StorageLogEvent,
  type StorageTarget,
  type StorageTimeouts,
  type StorageTrust,
} from "./target";
export { createSession, discardSession, StorageSession, type StorageCredentials } from "./sessions";
export {
  getApiVersion,
  getStorageIdentity,
  parseStorageIdentity,
  type ApiVersion,
  type StorageIdentity,
} from "./identity";
export { listEncryptionKeys, type EncryptionKey, type KeyFilter } from "./encryption-keys";
export { backupEncryptionKeys, type KeyBackupDownload } from "./backup";
export { streamWithStorageSession, withStorageSession, type StorageContext } from "./with-session";
export {
  passThrough,
  type PassThrough,
  type PassThroughEnding,
  type PassThroughHooks,
  type PassThroughOptions,
} from "./pass-through";
