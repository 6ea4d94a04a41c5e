import "server-only";

import { randomUUID } from "node:crypto";
import type { z } from "zod";

import { requireRole, type Actor } from "@/lib/actor";
import { scrubError } from "@/lib/backups/scrub-secrets";
import { nowIso } from "@/lib/clock";
import type { Db } from "@/lib/db/connection";
import { insertKeyCheck } from "@/lib/db/key-checks";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { AppError, conflict, fromStorageError, toAppError } from "@/lib/errors";
import { lastSuccessAt } from "@/lib/fleet/fleet-query";
import { keyCheckRequestSchema, type KeyCheck } from "@/lib/schemas/key-check";
import {
  getStorageIdentity,
  listEncryptionKeys,
  StorageApiError,
  withStorageSession,
  type StorageIdentity,
  type StorageTimeouts,
} from "@/lib/storage-api";
import { findActiveSystem } from "@/lib/systems/find-active-system";
import { storageTargetFor } from "@/lib/systems/storage-target";
import { auditSystem } from "@/lib/systems/system-audit";
import { TEST_TIMEOUTS } from "@/lib/systems/test-connection";

import { toKeyCheck } from "./key-checks";
import { findNotBackedUp } from "./not-backed-up";

export interface CheckKeysOptions {
  db: Db;
  /** An operator at least (the route checks it too). */
  actor: Actor;
  systemId: string;
  /** Storage credentials typed for this check; used for it only, never stored, logged or audited. */
  input: z.input<typeof keyCheckRequestSchema>;
  /** The request's signal: the browser going away stops the listing (the session is still discarded). */
  signal?: AbortSignal;
  timeouts?: Partial<StorageTimeouts>;
}

/** Keys listed for another array than the registered one would make the snapshot a lie. */
function checkIdentity(system: StorageSystem, identity: StorageIdentity): void {
  const device = system.storageDeviceId !== null && identity.storageDeviceId !== system.storageDeviceId;
  const serial = system.serialNumber !== null && identity.serialNumber !== system.serialNumber;
  if (!device && !serial) return;
  throw conflict(
    `The system at the address of ${system.name} reports storageDeviceId ${identity.storageDeviceId} (serial ${identity.serialNumber}), not the registered one. Its keys were not checked. Check the base URL, or have an admin correct the system.`,
  );
}

/**
 * Lists the system's encryption keys (all pages, DEKANDFREE) with the credentials typed for this
 * check and records a snapshot of the keys not yet backed up: `numOfBackups` 0, or created after
 * the system's last successful backup at check time. Audited as `keys.checked` (counts only).
 */
export async function checkKeys(options: CheckKeysOptions): Promise<KeyCheck> {
  const { db, actor, systemId, signal } = options;
  requireRole(actor, "operator", "check encryption keys");
  const parsed = keyCheckRequestSchema.safeParse(options.input);
  if (!parsed.success) throw toAppError(parsed.error);
  const input = parsed.data;
  const system = await findActiveSystem(db, systemId);
  const target = storageTargetFor(system, { timeouts: { ...TEST_TIMEOUTS, ...options.timeouts } });

  let keys;
  try {
    keys = await withStorageSession(
      target,
      { username: input.storageUsername, password: input.storagePassword },
      async ({ client, session }) => {
        checkIdentity(system, await getStorageIdentity(client, session, { signal }));
        return listEncryptionKeys(client, session, { keyType: "DEKANDFREE" }, { signal });
      },
      { signal },
    );
  } catch (error) {
    if (error instanceof StorageApiError) {
      await auditSystem(db, actor, "keys.checked", system, "failure", {
        kind: error.kind,
        status: error.status ?? null,
      });
      throw scrubError(fromStorageError(error), [input.storagePassword]);
    }
    if (error instanceof AppError) {
      await auditSystem(db, actor, "keys.checked", system, "failure", { code: error.code });
    }
    throw error;
  }

  // At check time, after the listing: a backup that succeeded meanwhile counts.
  const since = await lastSuccessAt(db, system.id);
  const findings = findNotBackedUp(keys, since);
  const row = await insertKeyCheck(db, {
    id: randomUUID(),
    systemId: system.id,
    at: nowIso(),
    userId: actor.id,
    username: actor.username,
    keyCount: findings.keyCount,
    newestKeyCreatedAt: findings.newestKeyCreatedAt,
    lastSuccessAt: since,
    notBackedUpCount: findings.notBackedUp.length,
    notBackedUp: findings.notBackedUp,
  });
  await auditSystem(db, actor, "keys.checked", system, "success", {
    keyCheckId: row.id,
    keyCount: row.keyCount,
    notBackedUpCount: row.notBackedUpCount,
  });
  return toKeyCheck(row);
}
