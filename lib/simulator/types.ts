import "server-only";

import type { SimulatorCertificate } from "./certificate";

/**
 * The array's roles a step needs: "storage-admin-view" (Storage Administrator (View Only)) to
 * create a session and read the storage identity, "security-admin-view" (Security Administrator
 * (View Only)) to list keys, "security-admin-modify" (Security Administrator (View & Modify)) to
 * back them up. The modify role implies the view role of the security administrator, nothing more.
 */
export type StorageRole = "storage-admin-view" | "security-admin-view" | "security-admin-modify";

export interface SimUser {
  username: string;
  password: string;
  roles: StorageRole[];
}

/**
 * How a simulated system behaves where the public record leaves the array's answer open
 * (each setting offers the variants; none is presented as the truth). Initial values come from
 * SimSystemConfig; Simulator.updateSettings and PATCH /systems/{id}/settings change them at run
 * time, and POST /reset puts them back to the initial values.
 *
 * - refusesKeyBackup (default false): the key backup answers 412 "The microcode version of the
 *   storage system does not support this operation". The only way to get a 412: the microcode
 *   string is an opaque label and predicts nothing.
 * - missingRoleStatus (default 403): what a user lacking the role of a step gets; 404 is what an
 *   array may answer a user without read permission.
 * - lockRefusalStatus (default 409): the status of the backup's refusal while the calling user holds
 *   a REST lock (unverified, hence the choice).
 * - lockRefusalForm (default "message-id"): that refusal names messageId KART40050-E, or
 *   ("ssb-only") KART30000-E with errorCode SSB1 2E11 / SSB2 2205.
 * - heldByOtherApplication (default false): another management application holds the array; the
 *   backup answers KART30008-E "Unable to lock the storage system" (status 500, unverified).
 * - backupFraming (default "content-length"): how the key file's body is framed: Content-Length
 *   (documented), chunked transfer encoding, or ended by closing the connection ("close").
 * - echoPasswordInErrors (default false): a careless array that repeats the typed password in its
 *   error's message and solution: the storage password when a session is refused, the backup
 *   password when a backup is refused. For proving the portal never passes it on.
 */
export interface SimSystemSettings {
  refusesKeyBackup?: boolean;
  missingRoleStatus?: 403 | 404;
  lockRefusalStatus?: 409 | 400 | 500 | 503;
  lockRefusalForm?: "message-id" | "ssb-only";
  heldByOtherApplication?: boolean;
  backupFraming?: BackupFraming;
  echoPasswordInErrors?: boolean;
}

export type BackupFraming = "content-length" | "chunked" | "close";

/** A stricter backup-password policy that the storage administrators may set. */
export interface PasswordPolicy {
  minLength?: number;
  minDigits?: number;
  minUppercase?: number;
  minLowercase?: number;
  minSymbols?: number;
}

/** One simulated storage system; its settings (see SimSystemSettings) are the initial ones. */
export interface SimSystemConfig extends SimSystemSettings {
  /** "VSP E990", "VSP 5500", "VSP G370", "VSP F350", "VSP One B26"... */
  model: string;
  /** 6 digits */
  serialNumber: number;
  /** dkcMicroVersion, an opaque label: "93-07-01-80/00", "88-02-00/20", "A3-04-21-40/00"... */
  microcode: string;
  /**
   * Default 1. With 2, the system is served on two listeners, CTL1 and CTL2, each with its own
   * session table (a token from one is refused by the other), as the controllers' REST servers are.
   */
  controllers?: 1 | 2;
  /** Default: secadmin / secviewer / monitor / keyadmin (see DEFAULT_USERS). */
  users?: SimUser[];
  /** Initial encryption keys, default 32. */
  keyCount?: number;
  passwordPolicy?: PasswordPolicy;
  /** Extra bytes in the key file, to make big files for streaming tests; default 0. */
  backupPaddingBytes?: number;
}

export interface SimulatorOptions {
  systems: SimSystemConfig[];
  /** Default "127.0.0.1". */
  host?: string;
  /** Default true; plain HTTP only when false. */
  tls?: boolean;
  /** If set: cert.pem, key.pem (0600), fingerprint.txt and systems.json (0600) are written there. */
  stateDir?: string;
  /**
   * Default true: one extra "REST API server" listener serving all systems by storageDeviceId, with
   * a session table of its own per system (not shared with the embedded listeners).
   */
  serverForm?: boolean;
  /** Default 0 (ephemeral). The control server is plain HTTP on 127.0.0.1 only. */
  controlPort?: number;
  /** Fixed ports for the systems (index-aligned); default ephemeral. */
  ports?: number[];
  serverFormPort?: number;
  /** Injectable clock in ms, default Date.now. */
  now?: () => number;
  /** Certificate key type, default "ec" (P-256; generated in milliseconds, RSA takes longer). */
  certificateKeyType?: "rsa" | "ec";
  /** Host names added to the certificate's SANs besides 127.0.0.1, ::1 and localhost. */
  extraHostnames?: string[];
  /**
   * Served instead of a generated certificate (then certificateKeyType and extraHostnames do not
   * apply): for tests of a certificate a client must refuse, e.g. an expired one or one naming
   * other hosts. Ignored when tls is false.
   */
  certificate?: SimulatorCertificate;
  /** One line per request (method, path, status); never carries a header or a body. */
  log?: (line: string) => void;
}

export interface SimSystemInfo {
  storageDeviceId: string;
  model: string;
  serialNumber: number;
  microcode: string;
  /** Embedded form, e.g. "https://127.0.0.1:41234/ConfigurationManager"; CTL1's. */
  baseUrl: string;
  /** One embedded-form base URL per controller, CTL1 first. */
  controllerBaseUrls: string[];
  users: SimUser[];
}

export type KeyType = "DEK" | "FREE";

export interface SimKey {
  keyId: number;
  keyType: KeyType;
  /** "YYYY-MM-DDThh:mm:ssZ" */
  createdTime: string;
  /** "HDD00-09" style for DEK, "-" for FREE. */
  targetDeviceLocation: string;
  numOfBackups: number;
}

export type FaultTarget = "backup" | "session-create" | "any";

interface FaultCommon {
  /** Which requests the fault acts on; default "backup". */
  on?: FaultTarget;
  /** How many matching requests it applies to before it is used up; default 1. */
  times?: number;
}

export type Fault = FaultCommon &
  (
    | { type: "delay-headers"; ms: number }
    | { type: "slow-drip"; bytesPerChunk: number; intervalMs: number }
    | { type: "truncate"; afterBytes: number }
    | { type: "reset"; afterBytes?: number }
    | { type: "html-500" }
    | { type: "busy-503" }
    | { type: "wrong-content-type" }
    /** The array's error JSON with this status (401, 403, 404, 406, 409, 412, 500, 503, …). */
    | { type: "status"; status: number }
    /** A 302 to a sign-in page elsewhere, as a proxy or a misconfigured front end answers. */
    | { type: "redirect"; location?: string }
    /** Every byte of the body, then the end of the message held back ms (chunked framing). */
    | { type: "hold-end"; ms: number }
  );

export interface Simulator {
  systems: SimSystemInfo[];
  /** e.g. "https://127.0.0.1:41300/ConfigurationManager"; absent when serverForm is false. */
  serverFormBaseUrl?: string;
  /** "http://127.0.0.1:PORT" */
  controlUrl: string;
  /** One certificate for all listeners; "" when tls is false. */
  certificatePem: string;
  /** "AB:CD:..." like X509Certificate.fingerprint256; "" when tls is false. */
  sha256Fingerprint: string;
  /** Open sessions of the system in every session table (each controller's, the server form's). */
  openSessions(storageDeviceId: string): number;
  /**
   * TCP connections the system's own listeners (each controller's, not the server form's) have
   * accepted since the start: under TLS, one handshake each.
   */
  connectionsAccepted(storageDeviceId: string): number;
  /**
   * The most sessions the system had open at once (every table together), counted as each one is
   * created, since the start, the last reset of the system or resetPeakOpenSessions.
   */
  peakOpenSessions(storageDeviceId: string): number;
  /** Starts the peak over from the sessions open now: one system's, or every system's without an id. */
  resetPeakOpenSessions(storageDeviceId?: string): void;
  /** The system's current settings, defaults filled in. */
  settings(storageDeviceId: string): Required<SimSystemSettings>;
  /** Same semantics (and validation) as PATCH /systems/{id}/settings; throws for invalid or unknown keys. */
  updateSettings(storageDeviceId: string, settings: SimSystemSettings): void;
  /** Same semantics (and validation) as POST /systems/{id}/faults on the control server. */
  setFault(storageDeviceId: string, fault: Fault): void;
  clearFaults(storageDeviceId?: string): void;
  addKeys(storageDeviceId: string, count: number): void;
  listKeys(storageDeviceId: string): SimKey[];
  /** sessionIds holding a lock (session ids are per session table, so two tables may repeat one) */
  lockedBy(storageDeviceId: string): number[];
  /** Closes all listeners and destroys open sockets. */
  close(): Promise<void>;
}
