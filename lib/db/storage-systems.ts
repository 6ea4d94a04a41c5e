import "server-only";

import { randomUUID } from "node:crypto";
import type { Kysely, Selectable, Updateable } from "kysely";

import type { KeyBackupRefusal } from "./key-backup-refusals";
import type { Database, StorageSystemsTable, TrustKind } from "./schema";

/** What a user registers or edits; the identity fields come from the system itself. */
export interface StorageSystemSettings {
  name: string;
  baseUrl: string;
  storageDeviceId: string | null;
  trustKind: TrustKind;
  pinnedFingerprint: string | null;
  pinnedCertificatePem: string | null;
  caCertificatePem: string | null;
  /** As stored (parsed JSON); its shape is lib/systems' to check. */
  passwordPolicy: unknown;
}

/** A stored system: its settings, what it last reported about itself, and its bookkeeping. */
export interface StorageSystem extends StorageSystemSettings {
  id: string;
  model: string | null;
  serialNumber: number | null;
  microcode: string | null;
  apiVersion: string | null;
  identityCheckedAt: string | null;
  /** The array's last answer to a key backup was 412 (see key-backup-refusals.ts). */
  keyBackupRefusal: KeyBackupRefusal | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  removedAt: string | null;
}

/** What the system reported about itself when the portal last asked. */
export interface StorageSystemIdentity {
  model: string | null;
  serialNumber: number | null;
  microcode: string | null;
  apiVersion: string | null;
  /** Left as it is when undefined. */
  storageDeviceId?: string | null;
  checkedAt: string;
}

function toSystem(row: Selectable<StorageSystemsTable>): StorageSystem {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.base_url,
    storageDeviceId: row.storage_device_id,
    trustKind: row.trust_kind,
    pinnedFingerprint: row.pinned_fingerprint,
    pinnedCertificatePem: row.pinned_certificate_pem,
    caCertificatePem: row.ca_certificate_pem,
    model: row.model,
    serialNumber: row.serial_number,
    microcode: row.microcode,
    apiVersion: row.api_version,
    identityCheckedAt: row.identity_checked_at,
    keyBackupRefusal:
      row.key_backup_refused_at === null
        ? null
        : { at: row.key_backup_refused_at, microcode: row.key_backup_refused_microcode },
    passwordPolicy: row.password_policy === null ? null : (JSON.parse(row.password_policy) as unknown),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    removedAt: row.removed_at,
  };
}

function policyJson(policy: unknown): string | null {
  return policy === null || policy === undefined ? null : JSON.stringify(policy);
}

function settingsColumns(settings: Partial<StorageSystemSettings>): Updateable<StorageSystemsTable> {
  const columns: Updateable<StorageSystemsTable> = {};
  if (settings.name !== undefined) columns.name = settings.name;
  if (settings.baseUrl !== undefined) columns.base_url = settings.baseUrl;
  if (settings.storageDeviceId !== undefined) columns.storage_device_id = settings.storageDeviceId;
  if (settings.trustKind !== undefined) columns.trust_kind = settings.trustKind;
  if (settings.pinnedFingerprint !== undefined) columns.pinned_fingerprint = settings.pinnedFingerprint;
  if (settings.pinnedCertificatePem !== undefined) columns.pinned_certificate_pem = settings.pinnedCertificatePem;
  if (settings.caCertificatePem !== undefined) columns.ca_certificate_pem = settings.caCertificatePem;
  if ("passwordPolicy" in settings) columns.password_policy = policyJson(settings.passwordPolicy);
  return columns;
}

export async function insertSystem(
  db: Kysely<Database>,
  input: Pick<StorageSystemSettings, "name" | "baseUrl" | "trustKind"> &
    Partial<StorageSystemSettings> & { createdBy?: string | null; now?: string },
): Promise<StorageSystem> {
  const now = input.now ?? new Date().toISOString();
  const row: Selectable<StorageSystemsTable> = {
    id: randomUUID(),
    name: input.name,
    base_url: input.baseUrl,
    storage_device_id: input.storageDeviceId ?? null,
    trust_kind: input.trustKind,
    pinned_fingerprint: input.pinnedFingerprint ?? null,
    pinned_certificate_pem: input.pinnedCertificatePem ?? null,
    ca_certificate_pem: input.caCertificatePem ?? null,
    model: null,
    serial_number: null,
    microcode: null,
    api_version: null,
    identity_checked_at: null,
    key_backup_refused_at: null,
    key_backup_refused_microcode: null,
    password_policy: policyJson(input.passwordPolicy),
    created_at: now,
    updated_at: now,
    created_by: input.createdBy ?? null,
    removed_at: null,
  };
  await db.insertInto("storage_systems").values(row).execute();
  return toSystem(row);
}

/** Finds removed systems too (history still names them); check `removedAt`. */
export async function findSystem(db: Kysely<Database>, id: string): Promise<StorageSystem | undefined> {
  const row = await db.selectFrom("storage_systems").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toSystem(row);
}

export async function listSystems(
  db: Kysely<Database>,
  options: { includeRemoved?: boolean } = {},
): Promise<StorageSystem[]> {
  let query = db.selectFrom("storage_systems").selectAll().orderBy("name").orderBy("created_at");
  if (!options.includeRemoved) query = query.where("removed_at", "is", null);
  const rows = await query.execute();
  return rows.map(toSystem);
}

/**
 * The registered system with this name, ignoring case, for keeping names unique among systems
 * that are not removed. SQLite's lower() folds ASCII only, which is what system names use.
 */
export async function findActiveSystemByName(db: Kysely<Database>, name: string): Promise<StorageSystem | undefined> {
  const row = await db
    .selectFrom("storage_systems")
    .selectAll()
    .where((eb) => eb(eb.fn<string>("lower", [eb.ref("name")]), "=", name.toLowerCase()))
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return row && toSystem(row);
}

/** Changes what the user set; a removed system stays as it was (undefined is returned). */
export async function updateSystem(
  db: Kysely<Database>,
  id: string,
  patch: Partial<StorageSystemSettings>,
  now = new Date().toISOString(),
): Promise<StorageSystem | undefined> {
  const row = await db
    .updateTable("storage_systems")
    .set({ ...settingsColumns(patch), updated_at: now })
    .where("id", "=", id)
    .where("removed_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  return row && toSystem(row);
}

/** Returns false when the system is unknown or already removed. */
export async function updateSystemIdentity(
  db: Kysely<Database>,
  id: string,
  identity: StorageSystemIdentity,
): Promise<boolean> {
  const columns: Updateable<StorageSystemsTable> = {
    model: identity.model,
    serial_number: identity.serialNumber,
    microcode: identity.microcode,
    api_version: identity.apiVersion,
    identity_checked_at: identity.checkedAt,
  };
  if (identity.storageDeviceId !== undefined) columns.storage_device_id = identity.storageDeviceId;
  const result = await db
    .updateTable("storage_systems")
    .set(columns)
    .where("id", "=", id)
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Removal keeps the row so the backup history can still say which system a backup came from.
 * Returns false when the system is unknown or already removed.
 */
export async function markSystemRemoved(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("storage_systems")
    .set({ removed_at: now, updated_at: now })
    .where("id", "=", id)
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
