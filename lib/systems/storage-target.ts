import "server-only";

import type { StorageSystem } from "@/lib/db/storage-systems";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { isPlainHttp } from "@/lib/schemas/system";
import type { StorageLogEvent, StorageTarget, StorageTimeouts } from "@/lib/storage-api";

export interface TargetOptions {
  /** Default: PORTAL_ALLOW_HTTP_STORAGE. */
  allowHttpStorage?: boolean;
  timeouts?: Partial<StorageTimeouts>;
}

/**
 * The storage client's `log` (StorageTarget.log), as the portal's log lines: e.g.
 * `{ event: "storage.session.discard_failed", sessionId, kind }` at warn.
 */
export function logStorageEvent({ level, message, ...fields }: StorageLogEvent): void {
  logger[level](fields, message);
}

function trustIncomplete(system: StorageSystem): AppError {
  return new AppError(
    "CONFLICT",
    `The certificate trust of "${system.name}" is incomplete. An admin must confirm its certificate again (inspect it, then save).`,
  );
}

/**
 * How the storage client reaches a registered system: its base URL, the storageDeviceId of the
 * REST API server form, and the trust an admin confirmed. A pin carries the certificate itself as
 * the trust anchor as well as its fingerprint.
 */
export function storageTargetFor(system: StorageSystem, options: TargetOptions = {}): StorageTarget {
  const allowHttpStorage = options.allowHttpStorage ?? getEnv().allowHttpStorage;
  const common = {
    baseUrl: system.baseUrl,
    storageDeviceId: system.storageDeviceId ?? undefined,
    timeouts: options.timeouts,
    log: logStorageEvent,
  };
  if (isPlainHttp(system.baseUrl)) {
    if (!allowHttpStorage) {
      throw new AppError(
        "CONFLICT",
        `"${system.name}" uses plain http, which this portal does not allow (PORTAL_ALLOW_HTTP_STORAGE). An admin must change its base URL to https.`,
      );
    }
    // No TLS, so no trust applies; "system" is the inert choice.
    return { ...common, trust: { kind: "system" }, allowPlainHttp: true };
  }
  if (system.trustKind === "pin") {
    if (!system.pinnedFingerprint || !system.pinnedCertificatePem) throw trustIncomplete(system);
    return {
      ...common,
      trust: { kind: "pin", sha256Fingerprint: system.pinnedFingerprint, certificatePem: system.pinnedCertificatePem },
    };
  }
  if (!system.caCertificatePem) throw trustIncomplete(system);
  return { ...common, trust: { kind: "ca", caCertificatePem: system.caCertificatePem } };
}
