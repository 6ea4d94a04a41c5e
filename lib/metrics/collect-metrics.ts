import "server-only";

import { Counter, Gauge, Registry } from "prom-client";

import { now as clockNow } from "@/lib/clock";
import type { Db } from "@/lib/db/connection";
import { countBackupsByStatus } from "@/lib/fleet/fleet-query";
import { getFleet } from "@/lib/fleet/get-fleet";
import { BACKUP_STATUSES } from "@/lib/schemas/backup";
import { FLEET_STATUSES } from "@/lib/schemas/fleet";

/** Backups are counted once they have ended; a running one is not yet a total of anything. */
const FINAL_STATUSES = BACKUP_STATUSES.filter((status) => status !== "running");

export interface Scrape {
  contentType: string;
  body: string;
}

/**
 * The portal's figures in the Prometheus text format, read from the database now into a fresh
 * registry: every portal instance sharing the database answers the same, and nothing is kept
 * between scrapes.
 */
export async function collectMetrics({ db, now = clockNow() }: { db: Db; now?: Date }): Promise<Scrape> {
  const registry = new Registry();
  const [fleet, backups] = await Promise.all([getFleet({ db, now }), countBackupsByStatus(db)]);

  const lastSuccess = new Gauge({
    name: "kbp_system_last_successful_backup_timestamp_seconds",
    help: "Start of the system's last successful key backup (Unix seconds); absent when there was none.",
    labelNames: ["system_id", "system"],
    registers: [registry],
  });
  const status = new Gauge({
    name: "kbp_system_backup_status",
    help: "1 for the system's current fleet status, 0 for the others.",
    labelNames: ["system_id", "system", "status"],
    registers: [registry],
  });
  const notBackedUp = new Gauge({
    name: "kbp_system_keys_not_backed_up",
    help: "Keys not backed up at the system's latest key check; absent when it was never checked.",
    labelNames: ["system_id", "system"],
    registers: [registry],
  });
  const total = new Counter({
    name: "kbp_backups_total",
    help: "Key backups that have ended, by final status.",
    labelNames: ["status"],
    registers: [registry],
  });
  const interval = new Gauge({
    name: "kbp_backup_interval_seconds",
    help: "The backup interval: a system without a successful backup for longer is overdue.",
    registers: [registry],
  });

  for (const system of fleet.systems) {
    const labels = { system_id: system.id, system: system.name };
    if (system.lastSuccess) lastSuccess.set(labels, Date.parse(system.lastSuccess.at) / 1000);
    if (system.keyCheck) notBackedUp.set(labels, system.keyCheck.notBackedUp);
    for (const candidate of FLEET_STATUSES)
      status.set({ ...labels, status: candidate }, candidate === system.status ? 1 : 0);
  }
  for (const candidate of FINAL_STATUSES) total.inc({ status: candidate }, backups.get(candidate) ?? 0);
  interval.set(fleet.intervalDays * 24 * 60 * 60);

  return { contentType: registry.contentType, body: await registry.metrics() };
}
