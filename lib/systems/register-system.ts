import "server-only";

import type { z } from "zod";

import { requireRole, type Actor } from "@/lib/actor";
import type { Db } from "@/lib/db/connection";
import { isUniqueViolation } from "@/lib/db/errors";
import { findActiveSystemByName, insertSystem, listSystems, type StorageSystem } from "@/lib/db/storage-systems";
import { AppError } from "@/lib/errors";
import { sameArrayAddress } from "@/lib/schemas/array-address";
import { isPlainHttp, registerSystemSchema, type SystemView } from "@/lib/schemas/system";

import { certificateMismatch, certificateSummary, confirmTrust, NO_TRUST, type ConfirmedTrust } from "./confirm-trust";
import { nameTaken, plainHttpRefused } from "./errors";
import { allowHttpStorage, type SystemsOptions } from "./options";
import { auditSystem } from "./system-audit";
import { toSystemView } from "./system-view";

/**
 * Registers a storage system with the trust an admin confirmed. A pinned fingerprint must match
 * the certificate the system presents now; what is stored is that certificate, as the anchor.
 */
export interface RegisterSystemOptions extends SystemsOptions {
  db: Db;
  actor: Actor;
  input: z.input<typeof registerSystemSchema>;
}

/** A registered (not removed) system that reaches the same array as `input` would, if any. */
async function systemAtSameAddress(
  db: Db,
  input: { baseUrl: string; storageDeviceId?: string },
): Promise<StorageSystem | undefined> {
  return (await listSystems(db)).find((system) => sameArrayAddress(system, input));
}

function duplicateBaseUrl(other: StorageSystem): AppError {
  return new AppError(
    "DUPLICATE_BASE_URL",
    `"${other.name}" is already registered at ${other.baseUrl}. If this is the same storage system, use "${other.name}": registering it twice splits its backup history in two. If it is another system at the same address, confirm that and register it anyway.`,
    { existingSystem: { id: other.id, name: other.name, baseUrl: other.baseUrl } },
  );
}

export async function registerSystem(options: RegisterSystemOptions): Promise<SystemView> {
  const { db, actor, input: rawInput } = options;
  requireRole(actor, "admin", "register systems");
  const input = registerSystemSchema.parse(rawInput);
  if (isPlainHttp(input.baseUrl) && !allowHttpStorage(options)) throw plainHttpRefused();
  // Before probing, so that a taken name fails at once; checked again when inserting.
  if (await findActiveSystemByName(db, input.name)) throw nameTaken(input.name);
  // One array's history must not split in two by accident: a second system at an address in use
  // needs the admin's explicit confirmation.
  const checkAddress = async (on: Db) => {
    const other = await systemAtSameAddress(on, input);
    if (other && !input.confirmDuplicateBaseUrl) throw duplicateBaseUrl(other);
    return other;
  };
  await checkAddress(db);

  let trust: ConfirmedTrust | undefined;
  if (input.trust) {
    const check = await confirmTrust(input.baseUrl, input.trust, { probe: options.probe });
    if (!check.ok) {
      await auditSystem(db, actor, "certificate.pin_confirmed", null, "failure", {
        name: input.name,
        baseUrl: input.baseUrl,
        confirmedFingerprint: check.confirmed,
        presented: certificateSummary(check.presented),
      });
      throw certificateMismatch(check);
    }
    trust = check.trust;
  }

  const system = await db
    .transaction()
    .execute(async (trx) => {
      if (await findActiveSystemByName(trx, input.name)) throw nameTaken(input.name);
      const sameAddress = await checkAddress(trx);
      const inserted = await insertSystem(trx, {
        name: input.name,
        baseUrl: input.baseUrl,
        storageDeviceId: input.storageDeviceId ?? null,
        passwordPolicy: input.passwordPolicy ?? null,
        ...(trust?.columns ?? NO_TRUST),
        createdBy: actor.username,
      });
      await auditSystem(trx, actor, "system.registered", inserted, "success", {
        baseUrl: inserted.baseUrl,
        storageDeviceId: inserted.storageDeviceId,
        // Registered on purpose at an address another system uses.
        ...(sameAddress ? { sameAddressAs: { id: sameAddress.id, name: sameAddress.name } } : {}),
        trust: trust ? { kind: trust.columns.trustKind, ...certificateSummary(trust.certificate) } : null,
      });
      if (trust?.columns.trustKind === "pin") {
        await auditSystem(
          trx,
          actor,
          "certificate.pin_confirmed",
          inserted,
          "success",
          certificateSummary(trust.certificate),
        );
      }
      return inserted;
    })
    .catch((error: unknown) => {
      // The index on active names settles a race the read above cannot.
      throw isUniqueViolation(error) ? nameTaken(input.name) : error;
    });
  return toSystemView(system);
}
