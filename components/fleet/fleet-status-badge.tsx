import { Badge } from "@/components/ui/badge";
import { FLEET_STATUS_LABELS, type FleetStatus } from "@/lib/schemas/fleet";

import { FLEET_STATUS_TONES } from "./fleet-filter";

/** A system's one fleet status, in words ("Overdue"), the colour repeating it. */
export function FleetStatusBadge({ status }: { status: FleetStatus }) {
  return <Badge tone={FLEET_STATUS_TONES[status]}>{FLEET_STATUS_LABELS[status]}</Badge>;
}
