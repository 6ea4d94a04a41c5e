import "server-only";

import { FLEET_STATUSES, type FleetStatus } from "@/lib/schemas/fleet";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface StatusFacts {
  /** The array answered its last backup attempt with 412 (StorageSystem.keyBackupRefusal). */
  refused: boolean;
  /** The start of the last successful backup; null when there was none. */
  lastSuccessAt: string | null;
  /** The latest key check's count of keys not backed up; null when the system was never checked. */
  notBackedUpCount: number | null;
}

/**
 * The one status of a system, by the rules of lib/schemas/fleet.ts: the first that applies of
 * refused, never, keys-not-backed-up, overdue, up-to-date. Overdue means the last success is
 * older than `intervalDays` at `now`.
 */
export function fleetStatus(facts: StatusFacts, intervalDays: number, now: Date): FleetStatus {
  if (facts.refused) return "refused";
  if (facts.lastSuccessAt === null) return "never";
  if (facts.notBackedUpCount !== null && facts.notBackedUpCount > 0) return "keys-not-backed-up";
  const age = now.getTime() - Date.parse(facts.lastSuccessAt);
  if (!(age <= intervalDays * DAY_MS)) return "overdue";
  return "up-to-date";
}

/** Attention first (FLEET_STATUSES order), then by name. */
export function compareFleetEntries(
  a: { status: FleetStatus; name: string },
  b: { status: FleetStatus; name: string },
): number {
  const byStatus = FLEET_STATUSES.indexOf(a.status) - FLEET_STATUSES.indexOf(b.status);
  if (byStatus !== 0) return byStatus;
  const byName = a.name.localeCompare(b.name, "en", { sensitivity: "base" });
  return byName !== 0 ? byName : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A count for every status, 0 included. */
export function countStatuses(statuses: Iterable<FleetStatus>): Record<FleetStatus, number> {
  const counts = Object.fromEntries(FLEET_STATUSES.map((status) => [status, 0])) as Record<FleetStatus, number>;
  for (const status of statuses) counts[status] += 1;
  return counts;
}
