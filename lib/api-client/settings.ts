import type { z } from "zod";

import { settingsResponseSchema, type PortalSettings, type updateSettingsSchema } from "@/lib/schemas/settings";

import { requestJson } from "./request-json";

/** The body of a settings change as a form sends it; the server checks it with updateSettingsSchema. */
export type UpdateSettingsBody = z.input<typeof updateSettingsSchema>;

const SETTINGS_PATH = "/api/settings";

/** The cache key of the portal's settings. */
export const settingsQueryKey = ["settings"] as const;

/** GET /api/settings: the portal's team-wide settings. */
export async function fetchSettings(): Promise<PortalSettings> {
  return (await requestJson("GET", SETTINGS_PATH, settingsResponseSchema)).settings;
}

/** PATCH /api/settings (admins): changes what `input` names; answers with the settings as they are now. */
export async function updateSettings(input: UpdateSettingsBody): Promise<PortalSettings> {
  return (await requestJson("PATCH", SETTINGS_PATH, settingsResponseSchema, input)).settings;
}
