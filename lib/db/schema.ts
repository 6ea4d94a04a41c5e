import "server-only";

import type { Generated } from "kysely";

import type { BackupStatusValue, BackupVerificationValue } from "../schemas/backup";
import type { Role } from "../schemas/role";

/*
 * Row types as the database stores them. Portable across SQLite and PostgreSQL: timestamps are
 * ISO-8601 UTC text with milliseconds (so text order is time order), booleans are integers 0/1,
 * ids are text. The per-table modules map rows to camelCase domain objects.
 */

/** The roles of lib/schemas/role; migration 0001 checks the same list. */
export type UserRole = Role;

export const TRUST_KINDS = ["pin", "ca"] as const;
export type TrustKind = (typeof TRUST_KINDS)[number];

export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface UsersTable {
  id: string;
  /** As the user typed it, for display. */
  username: string;
  /** Lower-cased username: the unique key, so "Alice" and "alice" cannot both exist. */
  username_key: string;
  password_hash: string;
  role: UserRole;
  disabled: number;
  created_at: string;
  updated_at: string;
  password_changed_at: string;
  /** 1 after an admin reset the password: the user must choose a new one (migration 0009). */
  must_change_password: Generated<number>;
}

export interface PortalSessionsTable {
  /** SHA-256 hex of the session id; the id itself lives only in the user's cookie. */
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute end, however active the session is. */
  expires_at: string;
  client_ip: string | null;
  user_agent: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
}

export interface LoginThrottleTable {
  /** e.g. "user:<SHA-256 of the lower-cased name>", "ip:203.0.113.5", "pair:ip:...|user:...". */
  key: string;
  failures: number;
  window_started_at: string;
  last_failure_at: string;
  blocked_until: string | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface StorageSystemsTable {
  id: string;
  name: string;
  base_url: string;
  storage_device_id: string | null;
  trust_kind: TrustKind;
  pinned_fingerprint: string | null;
  pinned_certificate_pem: string | null;
  ca_certificate_pem: string | null;
  model: string | null;
  serial_number: number | null;
  microcode: string | null;
  api_version: string | null;
  identity_checked_at: string | null;
  /** Set when the array answered the key backup with 412; cleared by a success or other microcode. */
  key_backup_refused_at: string | null;
  key_backup_refused_microcode: string | null;
  /** JSON. */
  password_policy: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  removed_at: string | null;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  actor: string | null;
  actor_user_id: string | null;
  client_ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  outcome: AuditOutcome;
  /** JSON; never holds a secret. */
  detail: string | null;
}

/** The statuses of lib/schemas/backup; migration 0002 checks the same list. */
export type BackupStatus = BackupStatusValue;
/** "verified" or "mismatch", as lib/schemas/backup has them; migration 0010 checks the same list. */
export type BackupVerification = BackupVerificationValue;

/** One backup of one storage system's encryption keys. Never holds a password or a key byte. */
export interface BackupsTable {
  id: string;
  system_id: string;
  user_id: string | null;
  /** As it was when the backup ran. */
  username: string;
  /** At most one "running" row per system (a partial unique index). */
  status: BackupStatus;
  started_at: string;
  finished_at: string | null;
  /** Refreshed while running; a stale one means the portal instance running it died. */
  heartbeat_at: string;
  /** The portal process that runs (or ran) it. */
  instance_id: string;
  bytes: number | null;
  /** The size the storage system announced, if it did. */
  expected_bytes: number | null;
  /** SHA-256 hex of the file as streamed, for the browser to compare with what it saved. */
  sha256: string | null;
  file_name: string | null;
  duration_ms: number | null;
  model: string | null;
  serial_number: number | null;
  storage_device_id: string | null;
  microcode: string | null;
  error_code: string | null;
  error_message: string | null;
  client_ip: string | null;
  /** The storage user it ran as, as typed (migration 0010); never its password. Null on older rows. */
  storage_username: string | null;
  /** What the SHA-256 the browser reported made of it (migration 0010); null until one reports. */
  verification: BackupVerification | null;
  verified_at: string | null;
  /** The portal user whose browser reported it. */
  verified_by: string | null;
}

/**
 * A backup's outcome columns as they are until it ends (all null; a failure may fill some in), and
 * its verification until the browser reports one.
 */
export const UNFINISHED_BACKUP_COLUMNS = {
  bytes: null,
  expected_bytes: null,
  sha256: null,
  file_name: null,
  duration_ms: null,
  model: null,
  serial_number: null,
  storage_device_id: null,
  microcode: null,
  error_code: null,
  error_message: null,
  verification: null,
  verified_at: null,
  verified_by: null,
} as const satisfies Partial<BackupsTable>;

/** One portal setting; `value` is JSON, checked by lib/settings when read. */
export interface PortalSettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

/** A snapshot of one system's encryption keys: which were not yet backed up. Never a key's material. */
export interface KeyChecksTable {
  id: string;
  system_id: string;
  at: string;
  user_id: string | null;
  /** As it was when the check ran. */
  username: string;
  key_count: number;
  newest_key_created_at: string | null;
  /** The last successful backup the check compared against. */
  last_success_at: string | null;
  not_backed_up_count: number;
  /** JSON: the first 1,000 keys not backed up. */
  not_backed_up: string;
}

/** Connection tests counted per user or system in a fixed window (lib/systems/connection-test-limits.ts). */
export interface ConnectionTestLimitsTable {
  /** "user:<id>" or "system:<id>". */
  key: string;
  window_started_at: string;
  attempts: number;
}

/** Named bearer tokens for scripts (lib/tokens); only the token's SHA-256 is stored. */
export interface ServiceTokensTable {
  id: string;
  /** Unique among the tokens not revoked. */
  name: string;
  role: "operator" | "viewer";
  /** SHA-256 hex of the token. */
  token_hash: string;
  /** JSON array of the system ids the token is limited to; null: every system. */
  system_ids: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  /** Refreshed at most once a minute. */
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface Database {
  users: UsersTable;
  portal_sessions: PortalSessionsTable;
  login_throttle: LoginThrottleTable;
  setup_tokens: SetupTokensTable;
  storage_systems: StorageSystemsTable;
  audit_events: AuditEventsTable;
  backups: BackupsTable;
  portal_settings: PortalSettingsTable;
  key_checks: KeyChecksTable;
  connection_test_limits: ConnectionTestLimitsTable;
  service_tokens: ServiceTokensTable;
}
