import "server-only";

import type { z } from "zod";

import { requireRole, type Actor } from "@/lib/actor";
import type { Db } from "@/lib/db/connection";
import { isUniqueViolation } from "@/lib/db/errors";
import { clearKeyBackupRefusal } from "@/lib/db/key-backup-refusals";
import {
  findActiveSystemByName,
  findSystem,
  updateSystemIdentity,
  updateSystem as updateSystemRow,
  type StorageSystemSettings,
} from "@/lib/db/storage-systems";
import { invalidField } from "@/lib/errors";
import { isPlainHttp, updateSystemSchema, type SystemView } from "@/lib/schemas/system";
import { closeStorageConnections } from "@/lib/storage-api";

import { certificateMismatch, certificateSummary, confirmTrust, type ConfirmedTrust } from "./confirm-trust";
import { nameTaken, plainHttpRefused, systemRemoved } from "./errors";
import { findActiveSystem } from "./find-active-system";
import { allowHttpStorage, type SystemsOptions } from "./options";
import { auditSystem } from "./system-audit";
import { toSystemView } from "./system-view";

/**
 * Changes what an admin set. A new fingerprint is checked against the live certificate like at
 * registration; a new base URL without a new trust keeps the confirmed certificate, which then
 * still has to be the one presented at the new address.
 */
export interface UpdateSystemOptions extends SystemsOptions {
  db: Db;
  actor: Actor;
  systemId: string;
  input: z.input<typeof updateSystemSchema>;
}

export async function updateSystem(options: UpdateSystemOptions): Promise<SystemView> {
  const { db, actor, systemId: id, input: rawInput } = options;
  requireRole(actor, "admin", "change systems");
  const input = updateSystemSchema.parse(rawInput);
  const system = await findActiveSystem(db, id);

  const baseUrl = input.baseUrl ?? system.baseUrl;
  if (input.baseUrl !== undefined && isPlainHttp(baseUrl) && !allowHttpStorage(options)) throw plainHttpRefused();
  if (isPlainHttp(baseUrl) && input.trust !== undefined) {
    throw invalidField("trust", "A plain http:// address has no certificate to trust; leave the trust out.");
  }
  if (!isPlainHttp(baseUrl) && isPlainHttp(system.baseUrl) && input.trust === undefined) {
    throw invalidField(
      "trust",
      "An https:// address needs a trust: inspect and confirm its certificate, or give the CA certificate.",
    );
  }
  const newName = input.name !== undefined && input.name !== system.name ? input.name : undefined;
  if (newName !== undefined) {
    const other = await findActiveSystemByName(db, newName);
    if (other && other.id !== system.id) throw nameTaken(newName);
  }

  let trust: ConfirmedTrust | undefined;
  if (input.trust) {
    const check = await confirmTrust(baseUrl, input.trust, { probe: options.probe });
    if (!check.ok) {
      await auditSystem(db, actor, "certificate.pin_confirmed", system, "failure", {
        baseUrl,
        confirmedFingerprint: check.confirmed,
        presented: certificateSummary(check.presented),
      });
      throw certificateMismatch(check);
    }
    trust = check.trust;
  }

  const patch: Partial<StorageSystemSettings> = {};
  if (newName !== undefined) patch.name = newName;
  if (baseUrl !== system.baseUrl) patch.baseUrl = baseUrl;
  if (input.storageDeviceId !== undefined && input.storageDeviceId !== system.storageDeviceId) {
    patch.storageDeviceId = input.storageDeviceId;
  }
  const policyChanged =
    input.passwordPolicy !== undefined &&
    JSON.stringify(input.passwordPolicy) !== JSON.stringify(system.passwordPolicy);
  if (policyChanged) patch.passwordPolicy = input.passwordPolicy;
  const trustChanged =
    trust !== undefined &&
    (trust.columns.trustKind !== system.trustKind ||
      trust.columns.pinnedFingerprint !== system.pinnedFingerprint ||
      trust.columns.caCertificatePem !== system.caCertificatePem);
  if (trust && trustChanged) Object.assign(patch, trust.columns);
  const changed = [
    ...(["name", "baseUrl", "storageDeviceId"] as const).filter((field) => patch[field] !== undefined),
    ...(trustChanged ? ["trust"] : []),
    ...(policyChanged ? ["passwordPolicy"] : []),
  ];
  // Re-confirming the same certificate changes nothing, but the confirmation is still recorded.
  if (changed.length === 0 && trust?.columns.trustKind !== "pin") return toSystemView(system);

  const updated = await db
    .transaction()
    .execute(async (trx) => {
      if (patch.name !== undefined) {
        const other = await findActiveSystemByName(trx, patch.name);
        if (other && other.id !== system.id) throw nameTaken(patch.name);
      }
      const row = changed.length > 0 ? await updateSystemRow(trx, id, patch) : system;
      if (!row) throw systemRemoved(system.name);
      // Another address may be another system: what the old one reported no longer applies.
      if (patch.baseUrl !== undefined || patch.storageDeviceId !== undefined) {
        await updateSystemIdentity(trx, id, {
          model: null,
          serialNumber: null,
          microcode: null,
          apiVersion: null,
          checkedAt: new Date().toISOString(),
        });
        await clearKeyBackupRefusal(trx, id);
      }
      if (changed.length > 0) {
        await auditSystem(trx, actor, "system.changed", row, "success", {
          fields: changed,
          ...(patch.name !== undefined ? { name: { from: system.name, to: patch.name } } : {}),
          ...(patch.baseUrl !== undefined ? { baseUrl: { from: system.baseUrl, to: patch.baseUrl } } : {}),
          ...(patch.storageDeviceId !== undefined
            ? { storageDeviceId: { from: system.storageDeviceId, to: patch.storageDeviceId } }
            : {}),
          ...(policyChanged ? { passwordPolicy: { from: system.passwordPolicy, to: input.passwordPolicy } } : {}),
          ...(trustChanged && trust
            ? { trust: { kind: trust.columns.trustKind, ...certificateSummary(trust.certificate) } }
            : {}),
        });
      }
      if (trust?.columns.trustKind === "pin") {
        await auditSystem(
          trx,
          actor,
          "certificate.pin_confirmed",
          row,
          "success",
          certificateSummary(trust.certificate),
        );
      }
      return (await findSystem(trx, id)) ?? row;
    })
    .catch((error: unknown) => {
      // The index on active names settles a race the read above cannot.
      throw isUniqueViolation(error) && patch.name !== undefined ? nameTaken(patch.name) : error;
    });
  // Connections verified against the old trust, or made to the old address, are not used again.
  if (trustChanged || patch.baseUrl !== undefined) await closeStorageConnections(system.baseUrl);
  return toSystemView(updated);
}
