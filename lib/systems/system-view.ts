import "server-only";

import type { StorageSystem } from "@/lib/db/storage-systems";
import { backupPasswordPolicySchema, type BackupPasswordPolicy } from "@/lib/schemas/backup-password";
import { isPlainHttp, type SystemIdentity, type SystemTrust, type SystemView } from "@/lib/schemas/system";

import { certificateFacts, parseCertificate } from "./certificate-facts";

function certificateSummary(pem: string | null): { subject: string; validTo: string } {
  const cert = pem ? parseCertificate(pem) : undefined;
  if (!cert) return { subject: "(unreadable certificate)", validTo: "" };
  const facts = certificateFacts(cert);
  return { subject: facts.subject, validTo: facts.validTo };
}

function trustOf(system: StorageSystem): SystemTrust | null {
  if (isPlainHttp(system.baseUrl)) return null;
  if (system.trustKind === "pin") {
    return {
      kind: "pin",
      sha256Fingerprint: system.pinnedFingerprint ?? "",
      ...certificateSummary(system.pinnedCertificatePem),
    };
  }
  return { kind: "ca", ...certificateSummary(system.caCertificatePem) };
}

function identityOf(system: StorageSystem): SystemIdentity | null {
  if (system.model === null || system.serialNumber === null || system.identityCheckedAt === null) {
    return null;
  }
  return {
    model: system.model,
    serialNumber: system.serialNumber,
    // The table has one storageDeviceId column, and the storage client reads a set one as "use the
    // REST API server form"; so the reported id of an embedded-form system is not kept (yet).
    storageDeviceId: system.storageDeviceId,
    microcode: system.microcode,
    apiVersion: system.apiVersion ?? "",
    checkedAt: system.identityCheckedAt,
  };
}

function policyOf(system: StorageSystem): BackupPasswordPolicy | null {
  const parsed = backupPasswordPolicySchema.safeParse(system.passwordPolicy);
  return system.passwordPolicy !== null && parsed.success ? parsed.data : null;
}

/** A system as the API shows it: no certificate PEMs, no credentials (there are none to show). */
export function toSystemView(system: StorageSystem): SystemView {
  return {
    id: system.id,
    name: system.name,
    baseUrl: system.baseUrl,
    storageDeviceId: system.storageDeviceId,
    trust: trustOf(system),
    identity: identityOf(system),
    keyBackupRefusal: system.keyBackupRefusal,
    passwordPolicy: policyOf(system),
    removed: system.removedAt !== null,
    removedAt: system.removedAt,
    createdAt: system.createdAt,
    updatedAt: system.updatedAt,
  };
}
