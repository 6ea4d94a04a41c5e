import "server-only";

import { z } from "zod";

import type { SimSystemSettings } from "./types";

/** A partial update of a system's settings; unknown keys are refused. */
export const settingsSchema = z.strictObject({
  refusesKeyBackup: z.boolean().optional(),
  missingRoleStatus: z.union([z.literal(403), z.literal(404)]).optional(),
  lockRefusalStatus: z.union([z.literal(409), z.literal(400), z.literal(500), z.literal(503)]).optional(),
  lockRefusalForm: z.enum(["message-id", "ssb-only"]).optional(),
  heldByOtherApplication: z.boolean().optional(),
  backupFraming: z.enum(["content-length", "chunked", "close"]).optional(),
  echoPasswordInErrors: z.boolean().optional(),
});

// Keeps the schema and the hand-written type in step: each must be assignable to the other.
type Parsed = z.infer<typeof settingsSchema>;
const _typeCheck: [Parsed extends SimSystemSettings ? true : false, SimSystemSettings extends Parsed ? true : false] = [
  true,
  true,
];
void _typeCheck;

export const DEFAULT_SETTINGS: Readonly<Required<SimSystemSettings>> = {
  refusesKeyBackup: false,
  missingRoleStatus: 403,
  lockRefusalStatus: 409,
  lockRefusalForm: "message-id",
  heldByOtherApplication: false,
  backupFraming: "content-length",
  echoPasswordInErrors: false,
};

/** The settings keys of a SimSystemConfig (which holds other fields too). */
export function settingsOf(config: SimSystemSettings): SimSystemSettings {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS)) {
    const value = (config as Record<string, unknown>)[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

/** `current` with `update` applied; throws a ZodError when the update is not valid. */
export function applySettings(
  current: Required<SimSystemSettings>,
  update: SimSystemSettings,
): Required<SimSystemSettings> {
  const parsed = settingsSchema.parse(update);
  const changed = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
  return { ...current, ...changed };
}
