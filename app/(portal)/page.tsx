import type { Metadata } from "next";

import { fleetHref, parseFleetStatus } from "@/components/fleet/fleet-filter";
import { FleetOverview } from "@/components/fleet/fleet-overview";
import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/connection";
import { getFleet } from "@/lib/fleet/get-fleet";
import { hasRole } from "@/lib/schemas/role";

export const metadata: Metadata = { title: "Fleet · Key-backup portal" };

type Props = { searchParams: Promise<{ status?: string | string[] }> };

/** The fleet overview at `/`: every registered system's backup status, what needs attention first. */
export default async function FleetPage({ searchParams }: Props) {
  const { status: raw } = await searchParams;
  // An unknown or repeated ?status= shows every system.
  const status = parseFleetStatus(raw);
  const user = await requireUser("viewer", { next: fleetHref(status) });
  const now = new Date();
  const fleet = await getFleet({ db: await getDb(), now });
  return <FleetOverview fleet={fleet} status={status} isAdmin={hasRole(user.role, "admin")} now={now.getTime()} />;
}
