import "server-only";

import type { z } from "zod";

import { requireRole, type Actor } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { nowIso } from "@/lib/clock";
import type { Db } from "@/lib/db/connection";
import { readSettingValues, writeSetting } from "@/lib/db/settings";
import { toAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import {
  DEFAULT_BACKUP_INTERVAL_DAYS,
  portalSettingsSchema,
  updateSettingsSchema,
  type PortalSettings,
} from "@/lib/schemas/settings";

export const DEFAULT_SETTINGS: PortalSettings = { backupIntervalDays: DEFAULT_BACKUP_INTERVAL_DAYS };

type SettingName = keyof PortalSettings;
const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as SettingName[];

export interface GetSettingsOptions {
  db: Db;
}

/** The portal's settings; each one not stored (or not readable) has its default. */
export async function getSettings({ db }: GetSettingsOptions): Promise<PortalSettings> {
  const stored = await readSettingValues(db);
  const settings: PortalSettings = { ...DEFAULT_SETTINGS };
  for (const name of SETTING_NAMES) {
    if (!(name in stored)) continue;
    const parsed = portalSettingsSchema.shape[name].safeParse(stored[name]);
    if (parsed.success) settings[name] = parsed.data;
    else
      logger.warn({ event: "settings.unreadable", setting: name }, "a stored setting is not valid; using its default");
  }
  return settings;
}

export interface UpdateSettingsOptions {
  db: Db;
  /** An admin (the route checks it too). */
  actor: Actor;
  input: z.input<typeof updateSettingsSchema>;
}

/** Changes the settings given, audited as `settings.changed` with the old and the new value. */
export async function updateSettings({ db, actor, input }: UpdateSettingsOptions): Promise<PortalSettings> {
  requireRole(actor, "admin", "change the portal settings");
  const parsed = updateSettingsSchema.safeParse(input);
  if (!parsed.success) throw toAppError(parsed.error);
  const patch = parsed.data;
  return db.transaction().execute(async (trx) => {
    const before = await getSettings({ db: trx });
    const after: PortalSettings = { ...before, ...patch };
    const changed = SETTING_NAMES.filter((name) => before[name] !== after[name]);
    if (changed.length === 0) return before;
    const now = nowIso();
    for (const name of changed) await writeSetting(trx, name, after[name], { now, updatedBy: actor.username });
    // In the same transaction: a change that cannot be audited is not made.
    await recordAudit({
      db: trx,
      actor,
      action: "settings.changed",
      target: { type: "settings" },
      outcome: "success",
      detail: Object.fromEntries(changed.map((name) => [name, { old: before[name], new: after[name] }])),
    });
    return after;
  });
}
