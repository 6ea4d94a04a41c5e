import { fleetResponseSchema, type FleetResponse, type FleetStatus } from "@/lib/schemas/fleet";

import { requestJson } from "./request-json";

const FLEET_PATH = "/api/fleet";

/** The cache key of the fleet overview; each status filter's key starts with it. */
export function fleetQueryKey(status?: FleetStatus) {
  return status === undefined ? (["fleet"] as const) : (["fleet", status] as const);
}

/** GET /api/fleet: every registered system with its backup status, what needs attention first. */
export function fetchFleet(status?: FleetStatus): Promise<FleetResponse> {
  const path = status === undefined ? FLEET_PATH : `${FLEET_PATH}?${new URLSearchParams({ status })}`;
  return requestJson("GET", path, fleetResponseSchema);
}
