import { z } from "zod";

/**
 * One status per system, in the order that needs attention first:
 * - `refused`: the array answered its last backup attempt with 412;
 * - `never`: no successful backup yet;
 * - `keys-not-backed-up`: the latest key check found keys with `numOfBackups` 0, or created after
 *   the last successful backup at the time of the check;
 * - `overdue`: no successful backup within the backup interval;
 * - `up-to-date`: none of the above.
 * The first that applies is the system's status.
 */
export const fleetStatusSchema = z.enum(["refused", "never", "keys-not-backed-up", "overdue", "up-to-date"]);
export type FleetStatus = z.infer<typeof fleetStatusSchema>;
export const FLEET_STATUSES: readonly FleetStatus[] = fleetStatusSchema.options;

export const FLEET_STATUS_LABELS: Record<FleetStatus, string> = {
  refused: "Refused by the array",
  never: "Never backed up",
  "keys-not-backed-up": "Keys not backed up",
  overdue: "Overdue",
  "up-to-date": "Up to date",
};

export const fleetSystemSchema = z.object({
  id: z.string(),
  name: z.string(),
  model: z.string().nullable(),
  serialNumber: z.number().nullable(),
  microcode: z.string().nullable(),
  status: fleetStatusSchema,
  lastSuccess: z.object({ at: z.string(), username: z.string(), backupId: z.string() }).nullable(),
  keyCheck: z.object({ at: z.string(), keyCount: z.number().int(), notBackedUp: z.number().int() }).nullable(),
});
export type FleetSystem = z.infer<typeof fleetSystemSchema>;

/** GET /api/fleet: every registered (not removed) system, what needs attention first. */
export const fleetResponseSchema = z.object({
  intervalDays: z.number().int(),
  systems: z.array(fleetSystemSchema),
  counts: z.record(fleetStatusSchema, z.number().int()),
});
export type FleetResponse = z.infer<typeof fleetResponseSchema>;

/** The fleet page's filter, kept in the URL: `/?status=overdue`. */
export const fleetQuerySchema = z.object({ status: fleetStatusSchema.optional() });
