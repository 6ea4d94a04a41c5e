import { FLEET_STATUS_LABELS, fleetResponseSchema, type FleetResponse } from "../schemas/fleet";
import { getJson, type Portal } from "./portal-client";

/** `kbp status`: the fleet as a table; true when every system is up to date. */
export async function fleetStatus(portal: Portal): Promise<{ table: string; allUpToDate: boolean }> {
  const fleet = await getJson(portal, "/api/fleet", fleetResponseSchema);
  return { table: fleetTable(fleet), allUpToDate: fleet.systems.every((s) => s.status === "up-to-date") };
}

export function fleetTable(fleet: FleetResponse): string {
  const rows = [
    ["SYSTEM", "STATUS", "LAST SUCCESS", "MODEL", "SERIAL"],
    ...fleet.systems.map((s) => [
      s.name,
      FLEET_STATUS_LABELS[s.status],
      s.lastSuccess?.at ?? "never",
      s.model ?? "-",
      s.serialNumber === null ? "-" : String(s.serialNumber),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd(),
  );
  const attention = fleet.systems.filter((s) => s.status !== "up-to-date").length;
  lines.push(
    "",
    `${fleet.systems.length} systems, ${attention} need attention (backup interval ${fleet.intervalDays} days).`,
  );
  return lines.join("\n");
}
