import { ApiError } from "@/lib/api-client/api-error";
import { recordBackupVerification, type BackupVerificationRecord } from "@/lib/api-client/backups";

/** What became of reporting the browser's SHA-256 to the portal, which records the check. */
export type CheckRecord =
  /** The report is on its way. */
  | { kind: "recording" }
  /** The portal compared it with its own record and kept the outcome. */
  | { kind: "recorded"; verification: BackupVerificationRecord["verification"]; verifiedAt: string }
  /** Not recorded; the backup and the browser's own comparison stand. */
  | { kind: "not-recorded"; reason: string }
  /** Nothing to report: the browser computed no SHA-256 (a plain-http page). */
  | { kind: "nothing-to-record" };

/** Why the report did not get through, in the portal's words when it gave any. */
function reasonOf(error: unknown): string {
  if (!(error instanceof ApiError)) return "something went wrong in the browser.";
  // A portal that does not offer the call yet answers Next.js's own 404 page.
  if (error.status === 404 && error.code === "UNKNOWN") return "this portal does not record checks yet (HTTP 404).";
  return error.message;
}

/**
 * Reports the SHA-256 the browser computed over the bytes it received, so the portal records the
 * check. Never rejects: a check that could not be recorded does not undo the backup.
 */
export async function recordCheck(
  systemId: string,
  backupId: string,
  sha256: string | undefined,
  report: typeof recordBackupVerification = recordBackupVerification,
): Promise<CheckRecord> {
  if (sha256 === undefined) return { kind: "nothing-to-record" };
  try {
    const { verification, verifiedAt } = await report(systemId, backupId, sha256);
    return { kind: "recorded", verification, verifiedAt };
  } catch (error) {
    return { kind: "not-recorded", reason: reasonOf(error) };
  }
}
