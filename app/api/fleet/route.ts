import { getDb } from "@/lib/db/connection";
import { getFleet } from "@/lib/fleet/get-fleet";
import { withSession } from "@/lib/http/with-session";
import { fleetQuerySchema } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

/** Every registered system and its status, attention first: `?status=` narrows the list, never the counts. */
export const GET = withSession({ role: "viewer", query: fleetQuerySchema }, async ({ query }) => {
  const fleet = await getFleet({ db: await getDb() });
  const systems = query.status ? fleet.systems.filter((system) => system.status === query.status) : fleet.systems;
  return Response.json({ ...fleet, systems });
});
