import { z } from "zod";

import { pageQuerySchema, pageSchema } from "./pagination";

// Shared by the history UI and the route handlers: import only zod here.

export const BACKUP_STATUSES = ["running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export const backupStatusSchema = z.enum(BACKUP_STATUSES);
export type BackupStatusValue = z.infer<typeof backupStatusSchema>;

/**
 * Response headers of POST /api/systems/{id}/backups besides the file itself. Next.js drops
 * Content-Length from route-handler responses, so the announced size travels in a header of ours.
 */
export const BACKUP_ID_HEADER = "X-Backup-Id";
export const BACKUP_EXPECTED_SIZE_HEADER = "X-Backup-Expected-Size";

export const BACKUP_PAGE_DEFAULT = 50;
export const BACKUP_PAGE_MAX = 200;

/** Query of GET /api/systems/{id}/backups. */
export const backupListQuerySchema = pageQuerySchema({ default: BACKUP_PAGE_DEFAULT, max: BACKUP_PAGE_MAX });
export type BackupListQuery = z.infer<typeof backupListQuerySchema>;

export const backupParamsSchema = z.object({ id: z.uuid(), backupId: z.uuid() });

/** One backup as the history shows it. Never carries a password or a key byte. */
export const backupItemSchema = z.object({
  id: z.string(),
  systemId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  username: z.string(),
  status: backupStatusSchema,
  /** Bytes delivered; for a failed or cancelled backup, how far it got. */
  bytes: z.number().int().nonnegative().nullable(),
  /** SHA-256 hex of the file as the portal streamed it: compare the saved file's with it. */
  sha256: z.string().nullable(),
  fileName: z.string().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  model: z.string().nullable(),
  serialNumber: z.number().int().nullable(),
  microcode: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type BackupItem = z.infer<typeof backupItemSchema>;

/** GET /api/systems/{id}/backups, newest first. */
export const backupPageSchema = pageSchema(backupItemSchema);
export type BackupPageBody = z.infer<typeof backupPageSchema>;

/** GET /api/systems/{id}/backups/{backupId}. */
export const backupResponseSchema = z.object({ backup: backupItemSchema });
export type BackupResponseBody = z.infer<typeof backupResponseSchema>;
