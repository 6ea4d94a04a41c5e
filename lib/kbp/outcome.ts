/*
 * What a `kbp` run ended with: one exit code per kind of outcome, documented in the README
 * ("Scheduled backups"), and the one JSON line a run prints on stdout. Never a secret in either.
 */

export const EXIT = {
  /** The file is in DIR: size and SHA-256 match the portal's record, and the portal recorded it verified. */
  done: 0,
  /** `kbp status`: at least one system needs attention (refused, never, keys not backed up, overdue). */
  attention: 1,
  /** Bad arguments or a missing secret; nothing was asked of the portal. */
  usage: 2,
  /** The portal refused: bad or revoked token, role, unknown system, a backup already running, throttled. */
  portal: 3,
  /** The storage system refused: its user name or password, its role, locked, busy, no key backup (412). */
  array: 4,
  /** The portal or the file could not be reached or written, or the stream broke off or came short. */
  transfer: 5,
  /** The file arrived whole but does not match the portal's record, or the portal did not record it verified. */
  verification: 6,
} as const;

export type Outcome = keyof typeof EXIT;

/** The error codes of lib/errors/codes.ts that say the storage system, not the portal, refused. */
export function isArrayCode(code: string): boolean {
  return code.startsWith("STORAGE_") || code === "MICROCODE_UNSUPPORTED";
}

/** A portal error answer `{ error: { code } }` → the run's outcome. */
export function outcomeOfPortalError(code: string): "array" | "portal" {
  if (isArrayCode(code)) return "array";
  return "portal";
}

/** A failed run: the outcome, a code for the log line and a message for people. */
export class KbpError extends Error {
  constructor(
    readonly outcome: Exclude<Outcome, "done">,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "KbpError";
  }
}

export interface BackupLogLine {
  event: "kbp.backup";
  outcome: Outcome;
  exitCode: number;
  system: string;
  systemId?: string;
  backupId?: string;
  file?: string;
  sizeBytes?: number;
  sha256?: string;
  code?: string;
  message?: string;
}

/** What the run knew when it ended, as a single JSON line. */
export function logLine(fields: Omit<BackupLogLine, "event" | "exitCode">): string {
  const line: BackupLogLine = { event: "kbp.backup", ...fields, exitCode: EXIT[fields.outcome] };
  return JSON.stringify(line);
}

export interface ReceivedFile {
  bytes: number;
  sha256: string;
  /** X-Backup-Expected-Size, when the portal announced one. */
  expectedBytes?: number;
}

export interface PortalRecord {
  status: string;
  bytes: number | null;
  sha256: string | null;
}

/** Whether the bytes received are the whole file as the portal streamed it (before verification). */
export function checkReceived(received: ReceivedFile, record: PortalRecord): KbpError | undefined {
  if (received.expectedBytes !== undefined && received.bytes !== received.expectedBytes) {
    return new KbpError(
      "transfer",
      "SHORT_BODY",
      `Received ${received.bytes} bytes of the ${received.expectedBytes} announced.`,
    );
  }
  if (record.status !== "succeeded") {
    return new KbpError("transfer", "BACKUP_NOT_SUCCEEDED", `The portal recorded the backup as ${record.status}.`);
  }
  if (record.bytes !== received.bytes) {
    return new KbpError(
      "verification",
      "SIZE_MISMATCH",
      `Received ${received.bytes} bytes; the portal recorded ${record.bytes ?? "none"}.`,
    );
  }
  if (record.sha256 === null || record.sha256.toLowerCase() !== received.sha256) {
    return new KbpError("verification", "SHA256_MISMATCH", "The file's SHA-256 differs from the portal's record.");
  }
  return undefined;
}

/** The portal's answer to the reported SHA-256: only "verified" keeps the file. */
export function checkVerification(verification: string): KbpError | undefined {
  if (verification === "verified") return undefined;
  return new KbpError("verification", "NOT_VERIFIED", `The portal recorded the file's check as ${verification}.`);
}
