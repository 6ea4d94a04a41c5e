import type { BadgeTone } from "@/components/ui/badge";
import { fleetQuerySchema, type FleetStatus } from "@/lib/schemas/fleet";

/** The badge colour of each status; the label (FLEET_STATUS_LABELS) carries the meaning. */
export const FLEET_STATUS_TONES: Record<FleetStatus, BadgeTone> = {
  refused: "danger",
  never: "danger",
  "keys-not-backed-up": "warning",
  overdue: "warning",
  "up-to-date": "success",
};

/** The fleet page filtered to `status`, or unfiltered: "/?status=overdue", "/". */
export function fleetHref(status?: FleetStatus): string {
  return status === undefined ? "/" : `/?${new URLSearchParams({ status })}`;
}

/**
 * The status filter from the page's `?status=`: a known status, else none (all systems). A
 * repeated parameter (`?status=a&status=b`) is not one status, so it shows all too.
 */
export function parseFleetStatus(raw: string | string[] | undefined): FleetStatus | undefined {
  const parsed = fleetQuerySchema.safeParse({ status: typeof raw === "string" ? raw : undefined });
  return parsed.success ? parsed.data.status : undefined;
}

/** "1 system", "3 systems". */
export function systemsText(count: number): string {
  return `${count} ${count === 1 ? "system" : "systems"}`;
}
