import "server-only";

import { now as clockNow } from "@/lib/clock";
import type { Db } from "@/lib/db/connection";
import type { FleetResponse, FleetSystem } from "@/lib/schemas/fleet";
import { getSettings } from "@/lib/settings/settings";

import { readFleetRows } from "./fleet-query";
import { compareFleetEntries, countStatuses, fleetStatus } from "./fleet-status";

export interface GetFleetOptions {
  db: Db;
  /** Default: the portal clock. */
  now?: Date;
}

/**
 * Every registered (not removed) system with its last successful backup, latest key check and one
 * status, what needs attention first, and the count of every status. A constant number of queries.
 */
export async function getFleet({ db, now = clockNow() }: GetFleetOptions): Promise<FleetResponse> {
  const { backupIntervalDays } = await getSettings({ db });
  const rows = await readFleetRows(db);
  const systems: FleetSystem[] = rows.map(({ refused, ...row }) => ({
    ...row,
    status: fleetStatus(
      { refused, lastSuccessAt: row.lastSuccess?.at ?? null, notBackedUpCount: row.keyCheck?.notBackedUp ?? null },
      backupIntervalDays,
      now,
    ),
  }));
  systems.sort(compareFleetEntries);
  return { intervalDays: backupIntervalDays, systems, counts: countStatuses(systems.map((system) => system.status)) };
}
