import "server-only";

export type StorageRole = "security-admin-modify" | "security-admin-view" | "none";

export interface SimUser {
  username: string;
  password: string;
  role: StorageRole;
}

/** A stricter backup-password policy that the storage administrators may set. */
export interface PasswordPolicy {
  minLength?: number;
  minDigits?: number;
  minUppercase?: number;
  minLowercase?: number;
  minSymbols?: number;
}

export interface SimSystemConfig {
  /** "VSP E990", "VSP 5500", "VSP G370", "VSP F350"... */
  model: string;
  /** 6 digits */
  serialNumber: number;
  /** dkcMicroVersion, e.g. "93-07-01-80/00" */
  microcode: string;
  /** Default: secadmin / secviewer / monitor (see DEFAULT_USERS). */
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
  /** Default true: one extra "REST API server" listener serving all systems by storageDeviceId. */
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
  /** One line per request (method, path, status); never carries a header or a body. */
  log?: (line: string) => void;
}

export interface SimSystemInfo {
  storageDeviceId: string;
  model: string;
  serialNumber: number;
  microcode: string;
  /** Embedded form, e.g. "https://127.0.0.1:41234/ConfigurationManager". */
  baseUrl: string;
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
  openSessions(storageDeviceId: string): number;
  /** Same semantics (and validation) as POST /systems/{id}/faults on the control server. */
  setFault(storageDeviceId: string, fault: Fault): void;
  clearFaults(storageDeviceId?: string): void;
  addKeys(storageDeviceId: string, count: number): void;
  listKeys(storageDeviceId: string): SimKey[];
  /** sessionIds holding a lock */
  lockedBy(storageDeviceId: string): number[];
  /** Closes all listeners and destroys open sockets. */
  close(): Promise<void>;
}
