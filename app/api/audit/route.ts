import { exportAuditCsv, listAudit } from "@/lib/audit/list-audit";
import { csvHeaders } from "@/lib/csv/csv-stream";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { auditQuerySchema } from "@/lib/schemas/audit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The audit log, newest first: `?actor=&action=&target=&from=&to=&limit=&cursor=`, or with
 * `&format=csv` the whole filtered log as a CSV file, streamed in keyset batches.
 */
export const GET = withSession(
  { role: "admin", action: "read the audit log", query: auditQuerySchema },
  async ({ request, query }) => {
    const db = await getDb();
    if (query.format !== "csv") return Response.json(await listAudit({ db, query }));
    const csv = exportAuditCsv({ db, filters: query, signal: request.signal });
    return new Response(csv.body, { status: 200, headers: csvHeaders(csv.fileName) });
  },
);
