import { getDb } from "@/lib/db/connection";
import { getEnv } from "@/lib/env";
import { metricsRoute } from "@/lib/metrics/metrics-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus text format, for a scraper holding METRICS_TOKEN; 404 when it is not set. */
export const GET = metricsRoute({ token: () => getEnv().metricsToken, db: getDb });
