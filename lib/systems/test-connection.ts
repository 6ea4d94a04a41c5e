import "server-only";

import type { z } from "zod";

import { requireRole, type Actor } from "@/lib/actor";
import { scrubError } from "@/lib/backups/scrub-secrets";
import type { Db } from "@/lib/db/connection";
import { clearKeyBackupRefusal } from "@/lib/db/key-backup-refusals";
import { findSystem, updateSystemIdentity, type StorageSystem } from "@/lib/db/storage-systems";
import { AppError, conflict, fromStorageError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { normaliseFingerprint } from "@/lib/schemas/fingerprint";
import { testConnectionSchema, type CertificateFacts, type TestConnectionResult } from "@/lib/schemas/system";
import {
  getApiVersion,
  getStorageIdentity,
  StorageApiError,
  withStorageSession,
  type StorageIdentity,
  type StorageTimeouts,
} from "@/lib/storage-api";

import { validityProblem } from "./certificate-facts";
import { limitConnectionTests } from "./connection-test-limits";
import { findActiveSystem } from "./find-active-system";
import { inspectCertificate } from "./inspect-certificate";
import { allowHttpStorage, type SystemsOptions } from "./options";
import { storageTargetFor } from "./storage-target";
import { auditSystem } from "./system-audit";
import { toSystemView } from "./system-view";

/** A test reads two small documents: it should not wait as long as a backup may. */
export const TEST_TIMEOUTS: StorageTimeouts = { connectMs: 10_000, headersMs: 30_000, bodyIdleMs: 30_000 };

/** What the test found; key backup support is not among it: only the array's answer to a backup tells. */
export function connectionMessage(identity: StorageIdentity, refusalCleared: boolean): string {
  const microcode = identity.dkcMicroVersion ? `microcode ${identity.dkcMicroVersion}` : "microcode not reported";
  const found = `Connected to ${identity.model}, serial ${identity.serialNumber}, ${microcode}.`;
  return refusalCleared
    ? `${found} The microcode has changed since the array refused key backup, so the refusal is cleared; back up again.`
    : found;
}

/** A quick look at what the system presents now, for the admin and the audit log; never fails. */
async function presentedCertificate(
  system: StorageSystem,
  probe: SystemsOptions["probe"],
): Promise<CertificateFacts | undefined> {
  try {
    return await (probe ?? ((baseUrl) => inspectCertificate({ baseUrl, timeoutMs: 5_000 })))(system.baseUrl);
  } catch {
    return undefined;
  }
}

function pinRefusedMessage(system: StorageSystem, presented: CertificateFacts | undefined): string {
  const pinned = system.pinnedFingerprint ?? "";
  if (presented && normaliseFingerprint(presented.sha256Fingerprint) === normaliseFingerprint(pinned)) {
    const invalid = validityProblem(presented) ?? "it is not accepted";
    return `The storage system presents the confirmed certificate, but ${invalid}. Renew it on the storage system; then an admin must inspect and confirm the new one.`;
  }
  const now = presented
    ? ` it now presents ${presented.sha256Fingerprint}, not the confirmed ${pinned}.`
    : ` it is not the confirmed ${pinned}.`;
  return `The storage system's certificate changed:${now} An admin must inspect and re-confirm the certificate if the change was expected; until then the portal will not connect to this system.`;
}

/**
 * Reads the API version and the storage identity with the credentials typed for this test, and
 * keeps the identity. The credentials go to the storage system only, over the confirmed trust;
 * they are not stored, logged, audited or repeated in a message.
 */
export interface TestConnectionOptions extends SystemsOptions {
  db: Db;
  actor: Actor;
  systemId: string;
  input: z.input<typeof testConnectionSchema>;
  timeouts?: Partial<StorageTimeouts>;
}

export async function testConnection(options: TestConnectionOptions): Promise<TestConnectionResult> {
  const { db, actor, systemId } = options;
  requireRole(actor, "operator", "test connections");
  const input = testConnectionSchema.parse(options.input);
  const system = await findActiveSystem(db, systemId);
  // Before anything reaches the storage system: each test sends a password and uses a session.
  await limitConnectionTests(db, { user: actor.id ?? `name:${actor.username}`, systemId: system.id });
  const target = storageTargetFor(system, {
    allowHttpStorage: allowHttpStorage(options),
    timeouts: { ...TEST_TIMEOUTS, ...options.timeouts },
  });

  let result;
  try {
    result = await withStorageSession(
      target,
      { username: input.storageUsername, password: input.storagePassword },
      async ({ client, session }) => {
        const version = await getApiVersion(client);
        const identity = await getStorageIdentity(client, session);
        return { apiVersion: version.apiVersion, identity };
      },
    );
  } catch (error) {
    if (!(error instanceof StorageApiError)) throw error;
    if (error.kind === "tls" && target.trust.kind === "pin") {
      const presented = await presentedCertificate(system, options.probe);
      await auditSystem(db, actor, "certificate.pin_refused", system, "failure", {
        baseUrl: system.baseUrl,
        pinnedFingerprint: system.pinnedFingerprint,
        presentedFingerprint: presented?.sha256Fingerprint ?? null,
        presentedSubject: presented?.subject ?? null,
      });
      await auditSystem(db, actor, "system.connection_tested", system, "failure", { kind: "tls" });
      logger.warn(
        { event: "system.pin_refused", systemId: system.id },
        "a pinned storage system presented another certificate",
      );
      throw new AppError("STORAGE_TLS_ERROR", pinRefusedMessage(system, presented));
    }
    await auditSystem(db, actor, "system.connection_tested", system, "failure", {
      kind: error.kind,
      status: error.status ?? null,
    });
    // A storage system may echo the password typed for this test in its error.
    throw scrubError(fromStorageError(error), [input.storagePassword]);
  }

  const { identity, apiVersion } = result;
  if (system.storageDeviceId !== null && identity.storageDeviceId !== system.storageDeviceId) {
    // Refused rather than kept with a warning: backups of this system would be recorded under
    // the wrong array.
    await auditSystem(db, actor, "system.connection_tested", system, "failure", {
      kind: "identity-mismatch",
      registeredStorageDeviceId: system.storageDeviceId,
      reportedStorageDeviceId: identity.storageDeviceId,
    });
    throw conflict(
      `The system at this address reports storageDeviceId ${identity.storageDeviceId} (${identity.model}, serial ${identity.serialNumber}), but "${system.name}" is registered with ${system.storageDeviceId}. Check the base URL, or have an admin correct the storageDeviceId.`,
    );
  }

  const checkedAt = new Date().toISOString();
  // An opaque label, shown and compared for equality only; an array may leave it out.
  const microcode = identity.dkcMicroVersion ?? null;
  await updateSystemIdentity(db, systemId, {
    model: identity.model,
    serialNumber: identity.serialNumber,
    microcode,
    apiVersion,
    checkedAt,
  });
  // The array refused key backup with other microcode: an update may have brought the function.
  const refusalCleared = system.keyBackupRefusal !== null && system.keyBackupRefusal.microcode !== microcode;
  if (refusalCleared) await clearKeyBackupRefusal(db, systemId);
  await auditSystem(db, actor, "system.connection_tested", system, "success", {
    model: identity.model,
    serialNumber: identity.serialNumber,
    storageDeviceId: identity.storageDeviceId,
    microcode,
    apiVersion,
    ...(refusalCleared ? { keyBackupRefusalCleared: true } : {}),
  });
  const updated = (await findSystem(db, systemId)) ?? system;
  return {
    identity: {
      model: identity.model,
      serialNumber: identity.serialNumber,
      storageDeviceId: identity.storageDeviceId,
      microcode,
      apiVersion,
      checkedAt,
    },
    apiVersion,
    message: connectionMessage(identity, refusalCleared),
    system: toSystemView(updated),
  };
}
