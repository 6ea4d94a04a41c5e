import type { PortalSettings } from "@/lib/schemas/settings";

/** The notice after saving: what the setting is now and what it changes. */
export function savedText(settings: PortalSettings): string {
  const days = settings.backupIntervalDays;
  return `Settings saved. Backups are now due every ${days === 1 ? "day" : `${days} days`}.`;
}
