import "server-only";

import { listBackups } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import { findSystem } from "@/lib/db/storage-systems";
import type { ChecksumMatchesBody } from "@/lib/schemas/backup";

/** More would mean the same file was backed up over and over; the newest are the ones to show. */
export const MAX_CHECKSUM_MATCHES = 50;

/**
 * "Which backup is this file?": the succeeded backups, of any system (removed ones included),
 * whose file had this SHA-256, newest first. None is an empty list, not an error.
 */
export async function findBackupsByChecksum({ db, sha256 }: { db: Db; sha256: string }): Promise<ChecksumMatchesBody> {
  const { items } = await listBackups(db, null, {
    sha256: sha256.toLowerCase(),
    status: "succeeded",
    limit: MAX_CHECKSUM_MATCHES,
  });
  const names = new Map<string, string>();
  for (const systemId of new Set(items.map((item) => item.systemId))) {
    names.set(systemId, (await findSystem(db, systemId))?.name ?? "(unknown system)");
  }
  return {
    backups: items.map((row) => ({
      backupId: row.id,
      systemId: row.systemId,
      systemName: names.get(row.systemId) ?? "(unknown system)",
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      username: row.username,
      bytes: row.bytes,
      fileName: row.fileName,
    })),
  };
}
