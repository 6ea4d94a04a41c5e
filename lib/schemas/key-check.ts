import { z } from "zod";

import { testConnectionSchema } from "./system";

/** POST /api/systems/{id}/key-checks: storage credentials for this one check, never stored. */
export const keyCheckRequestSchema = testConnectionSchema;

/** A key the check found not yet backed up. */
export const checkedKeySchema = z.object({
  keyId: z.number().int(),
  keyType: z.string(),
  /** As the array reports it ("YYYY-MM-DDThh:mm:ssZ"); null when it does not. */
  createdTime: z.string().nullable(),
  numOfBackups: z.number().int().nullable(),
});
export type CheckedKey = z.infer<typeof checkedKeySchema>;

/**
 * A snapshot of a system's encryption keys (all pages, keyType DEKANDFREE): which keys are not yet
 * backed up — `numOfBackups` 0, or created after the last successful backup at check time.
 */
export const keyCheckSchema = z.object({
  id: z.string(),
  systemId: z.string(),
  at: z.string(),
  username: z.string(),
  keyCount: z.number().int(),
  newestKeyCreatedAt: z.string().nullable(),
  /** The last successful backup the check compared against; null when there was none. */
  lastSuccessAt: z.string().nullable(),
  notBackedUpCount: z.number().int(),
  /** The keys not backed up (the first 1,000 when there are more). */
  notBackedUp: z.array(checkedKeySchema),
});
export type KeyCheck = z.infer<typeof keyCheckSchema>;

/** POST answers the new snapshot; GET /api/systems/{id}/key-checks answers the latest or null. */
export const keyCheckResponseSchema = z.object({ keyCheck: keyCheckSchema.nullable() });
