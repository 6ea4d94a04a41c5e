import "server-only";
import type { Db } from "@/lib/db/connection";
import { InvalidBackupCursorError, listBackups } from "@/lib/db/backups";
import { findSystem } from "@/lib/db/storage-systems";
import { AppError, notFound } from "@/lib/http/app-error";
import type { BackupListQuery, BackupPageBody } from "@/lib/schemas/backup";
import { toBackupItem } from "./backup-view";

/** One page of a system's backups, newest first. A removed system's history stays readable. */
export async function listHistory(db: Db, systemId: string, query: BackupListQuery): Promise<BackupPageBody> {
  if (!(await findSystem(db, systemId))) throw notFound("The storage system");
  try {
    const page = await listBackups(db, systemId, { limit: query.limit, cursor: query.cursor });
    return { items: page.items.map(toBackupItem), nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof InvalidBackupCursorError) {
      throw new AppError("VALIDATION_FAILED", 400, "The page cursor is not valid. Start again from the first page.", {
        fields: { cursor: ["Not a cursor this portal handed out."] },
      });
    }
    throw error;
  }
}
