import { z } from "zod";

export const DEFAULT_BACKUP_INTERVAL_DAYS = 30;

/** The portal's team-wide settings, changed by admins. */
export const portalSettingsSchema = z.object({
  /** A system with no successful backup for longer than this is overdue. */
  backupIntervalDays: z.number().int().min(1).max(366),
});
export type PortalSettings = z.infer<typeof portalSettingsSchema>;

/** PATCH /api/settings. */
export const updateSettingsSchema = z.strictObject({
  backupIntervalDays: z.coerce
    .number("Enter a number of days.")
    .int("Enter a whole number of days.")
    .min(1, "Enter 1 to 366 days.")
    .max(366, "Enter 1 to 366 days."),
});
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;

export const settingsResponseSchema = z.object({ settings: portalSettingsSchema });
