import { getDb } from "@/lib/db/connection";
import { databaseReachable } from "@/lib/db/health";
import { publicRoute } from "@/lib/http/with-session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** For a load balancer or monitor: no session, nothing secret; 503 while the database does not answer. */
export const GET = publicRoute({}, async () =>
  (await databaseReachable(getDb))
    ? Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } })
    : Response.json(
        { status: "unavailable", database: "unreachable" },
        { status: 503, headers: { "Cache-Control": "no-store" } },
      ),
);
