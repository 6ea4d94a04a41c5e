import { z } from "zod";

import {
  checkDateRange,
  dateRangeShape,
  listFormatSchema,
  optionalParam,
  pageQuerySchema,
  pageSchema,
} from "./pagination";

// Shared by the history UI and the route handlers: import only zod here.

export const BACKUP_STATUSES = ["running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export const backupStatusSchema = z.enum(BACKUP_STATUSES);
export type BackupStatusValue = z.infer<typeof backupStatusSchema>;

/** What the portal made of the SHA-256 a browser reported for a backup it received. */
export const BACKUP_VERIFICATIONS = ["verified", "mismatch"] as const;
export const backupVerificationSchema = z.enum(BACKUP_VERIFICATIONS);
export type BackupVerificationValue = z.infer<typeof backupVerificationSchema>;

/**
 * Response headers of POST /api/systems/{id}/backups besides the file itself. Next.js drops
 * Content-Length from route-handler responses, so the announced size travels in a header of ours.
 */
export const BACKUP_ID_HEADER = "X-Backup-Id";
export const BACKUP_EXPECTED_SIZE_HEADER = "X-Backup-Expected-Size";

export const BACKUP_PAGE_DEFAULT = 50;
export const BACKUP_PAGE_MAX = 200;

/** The history's filters, all optional: `?status=&username=&from=&to=`, kept in the page's URL too. */
export const backupHistoryFilterShape = {
  status: optionalParam(backupStatusSchema),
  /** The portal user who ran the backup, exactly. */
  username: optionalParam(z.string().trim().min(1).max(200)),
  ...dateRangeShape,
};
export const backupHistoryFilterSchema = z.object(backupHistoryFilterShape).superRefine(checkDateRange);
export type BackupHistoryFilters = z.infer<typeof backupHistoryFilterSchema>;

/**
 * Query of GET /api/systems/{id}/backups: the filters, `?limit=&cursor=`, and `?format=csv` for the
 * whole filtered history as a file. A cursor is applied with whatever filters come with it.
 */
export const backupListQuerySchema = pageQuerySchema({ default: BACKUP_PAGE_DEFAULT, max: BACKUP_PAGE_MAX })
  .extend({ ...backupHistoryFilterShape, format: listFormatSchema })
  .superRefine(checkDateRange);
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
  // The portal always sends the three below (migration 0010); optional only for readers of older answers.
  /** The storage user it ran as, never its password; null on backups from before it was recorded. */
  storageUsername: z.string().nullable().optional(),
  /** What the browser's reported SHA-256 made of it; null when none reported (downloaded, not verified). */
  verification: backupVerificationSchema.nullable().optional(),
  /** When the portal recorded `verification`. */
  verifiedAt: z.string().nullable().optional(),
});
export type BackupItem = z.infer<typeof backupItemSchema>;

/** GET /api/systems/{id}/backups, newest first. */
export const backupPageSchema = pageSchema(backupItemSchema);
export type BackupPageBody = z.infer<typeof backupPageSchema>;

/** GET /api/systems/{id}/backups/{backupId}. */
export const backupResponseSchema = z.object({ backup: backupItemSchema });
export type BackupResponseBody = z.infer<typeof backupResponseSchema>;

/**
 * POST /api/systems/{id}/backups/{backupId}/verification: the SHA-256 the browser computed over the
 * bytes it received, 64 hex digits (sent lowercase; either case taken).
 */
export const backupVerificationRequestSchema = z.strictObject({
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "Give the SHA-256 as 64 hexadecimal digits.")
    .transform((value) => value.toLowerCase()),
});
export type BackupVerificationRequest = z.infer<typeof backupVerificationRequestSchema>;

/**
 * The answer of POST /api/systems/{id}/backups/{backupId}/verification: what the portal made of
 * the SHA-256 the browser reported, and when it recorded that.
 */
export const backupVerificationResponseSchema = z.object({
  verification: backupVerificationSchema,
  verifiedAt: z.string(),
});
export type BackupVerificationRecord = z.infer<typeof backupVerificationResponseSchema>;

/** Query of GET /api/backups: the SHA-256 of a saved key file, 64 hex digits (either case). */
export const backupChecksumQuerySchema = z.object({
  sha256: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, "Give the file's SHA-256 as 64 hexadecimal digits.")
    .transform((value) => value.toLowerCase()),
});
export type BackupChecksumQuery = z.infer<typeof backupChecksumQuerySchema>;

/** A succeeded backup whose file has the SHA-256 asked for. */
export const checksumMatchSchema = z.object({
  backupId: z.string(),
  systemId: z.string(),
  systemName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  username: z.string(),
  bytes: z.number().int().nonnegative().nullable(),
  fileName: z.string().nullable(),
});
export type ChecksumMatch = z.infer<typeof checksumMatchSchema>;

/** GET /api/backups?sha256=: the succeeded backups with that checksum, newest first (none: an empty list). */
export const checksumMatchesSchema = z.object({ backups: z.array(checksumMatchSchema) });
export type ChecksumMatchesBody = z.infer<typeof checksumMatchesSchema>;
