import { exportHistoryCsv, listHistory } from "@/lib/backups/list-history";
import { BackupCancelledError, runBackup } from "@/lib/backups/run-backup";
import { csvHeaders } from "@/lib/csv/csv-stream";
import { getDb } from "@/lib/db/connection";
import { errorResponse } from "@/lib/http/error-response";
import { withSession } from "@/lib/http/with-session";
import { BACKUP_EXPECTED_SIZE_HEADER, BACKUP_ID_HEADER, backupListQuerySchema } from "@/lib/schemas/backup";
import { backupRequestSchema } from "@/lib/schemas/backup-password";
import { systemIdParamsSchema } from "@/lib/schemas/system";

export const runtime = "nodejs";
// Every answer is per request and per user; nothing here may be cached or prerendered.
export const dynamic = "force-dynamic";

/**
 * Streams the encrypted key file straight from the storage system. The body schema is the base
 * rule; runBackup checks the system's own password policy before anything is sent to it. Its
 * answers carry a Server-Timing header: auth, claim, audit, session, identity, headers, total.
 */
export const POST = withSession(
  { role: "operator", action: "back up encryption keys", params: systemIdParamsSchema, body: backupRequestSchema },
  async ({ request, actor, body, params, timing }) => {
    let backup;
    try {
      const db = await getDb();
      backup = await runBackup({ db, actor, systemId: params.id, input: body, signal: request.signal, timing });
    } catch (error) {
      // The browser has gone; the answer reaches no one, and the history already says "cancelled".
      if (error instanceof BackupCancelledError) return new Response(null, { status: 499 });
      return timing.applyTo(errorResponse(error));
    }
    const headers = new Headers({
      "Content-Type": "application/octet-stream",
      "Content-Disposition": backup.contentDisposition,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      // nginx would otherwise buffer the key file before the browser sees a byte.
      "X-Accel-Buffering": "no",
      [BACKUP_ID_HEADER]: backup.backupId,
    });
    if (backup.expectedBytes !== undefined) headers.set(BACKUP_EXPECTED_SIZE_HEADER, String(backup.expectedBytes));
    return timing.applyTo(new Response(backup.stream, { status: 200, headers }));
  },
);

/**
 * The system's backup history, newest first: `?status=&username=&from=&to=&limit=&cursor=`, or with
 * `&format=csv` the whole filtered history as a CSV file, streamed in keyset batches.
 */
export const GET = withSession(
  { role: "viewer", params: systemIdParamsSchema, query: backupListQuerySchema },
  async ({ request, params, query }) => {
    const db = await getDb();
    if (query.format !== "csv") return Response.json(await listHistory({ db, systemId: params.id, query }));
    const csv = await exportHistoryCsv({ db, systemId: params.id, filters: query, signal: request.signal });
    return new Response(csv.body, { status: 200, headers: csvHeaders(csv.fileName) });
  },
);
