import { sha256Hex } from "@/components/backup/verify-backup";
import { findBackupsByChecksum } from "@/lib/api-client/backups";
import type { ChecksumMatch } from "@/lib/schemas/backup";

export type FileCheck =
  /** The portal recorded one or more succeeded backups with this file's SHA-256. */
  | { kind: "match"; fileName: string; sha256: string; matches: ChecksumMatch[] }
  /** It recorded none: not a file the portal produced, or altered since. */
  | { kind: "no-match"; fileName: string; sha256: string }
  /** The browser cannot compute it (Web Crypto needs an https page). */
  | { kind: "unhashable"; fileName: string };

/**
 * Hashes the picked file in the browser (it is never sent anywhere) and asks the portal which
 * succeeded backup had that SHA-256. Rejects with the API's error when the question fails.
 */
export async function checkSavedFile(
  file: Pick<File, "name" | "arrayBuffer">,
  lookup: (sha256: string) => Promise<ChecksumMatch[]> = findBackupsByChecksum,
): Promise<FileCheck> {
  const sha256 = await sha256Hex(await file.arrayBuffer());
  if (sha256 === undefined) return { kind: "unhashable", fileName: file.name };
  const matches = await lookup(sha256);
  return matches.length > 0
    ? { kind: "match", fileName: file.name, sha256, matches }
    : { kind: "no-match", fileName: file.name, sha256 };
}

/** The headline of a check's result. */
export function fileCheckTitle(check: FileCheck): string {
  switch (check.kind) {
    case "match":
      return check.matches.length === 1
        ? `“${check.fileName}” is a backup the portal recorded.`
        : `“${check.fileName}” matches ${check.matches.length} backups the portal recorded.`;
    case "no-match":
      return `“${check.fileName}” matches no backup the portal recorded.`;
    case "unhashable":
      return "This browser cannot compute the file’s checksum here.";
  }
}
