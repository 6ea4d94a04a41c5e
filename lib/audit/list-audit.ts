import "server-only";

import type { Kysely } from "kysely";

import { allPages, csvStream, fileStamp, type CsvColumn } from "@/lib/csv/csv-stream";
import { listAuditEvents, MAX_AUDIT_PAGE, type AuditEvent, type AuditFilter } from "@/lib/db/audit-events";
import type { Database } from "@/lib/db/schema";
import type { AuditFilters, AuditItem, AuditPageBody, AuditQuery } from "@/lib/schemas/audit";
import { dateRange } from "@/lib/schemas/pagination";

function toItem(event: AuditEvent): AuditItem {
  return {
    id: event.id,
    at: event.at,
    actor: event.actor,
    actorUserId: event.actorUserId,
    clientIp: event.clientIp,
    action: event.action,
    target: event.targetType === null ? null : { type: event.targetType, id: event.targetId, label: event.targetLabel },
    outcome: event.outcome,
    detail: event.detail,
  };
}

/** The database filter the query's filters mean (`to` inclusive of its day when a date). */
function auditFilter(filters: AuditFilters): AuditFilter {
  return { actor: filters.actor, action: filters.action, target: filters.target, ...dateRange(filters) };
}

export interface ListAuditOptions {
  db: Kysely<Database>;
  query: Pick<AuditQuery, "limit" | "cursor"> & AuditFilters;
}

/** Newest first, one page at a time, filtered; `nextCursor` fetches the next older page. */
export async function listAudit({ db, query }: ListAuditOptions): Promise<AuditPageBody> {
  const page = await listAuditEvents(db, { limit: query.limit, cursor: query.cursor, ...auditFilter(query) });
  return { items: page.items.map(toItem), nextCursor: page.nextCursor };
}

/** The columns of the audit log's CSV export; times are UTC ISO instants, details JSON. */
export const AUDIT_CSV_COLUMNS: readonly CsvColumn<AuditEvent>[] = [
  { header: "Time (UTC)", value: (event) => event.at },
  { header: "Actor", value: (event) => event.actor },
  { header: "Client address", value: (event) => event.clientIp },
  { header: "Action", value: (event) => event.action },
  { header: "Target type", value: (event) => event.targetType },
  { header: "Target id", value: (event) => event.targetId },
  { header: "Target label", value: (event) => event.targetLabel },
  { header: "Outcome", value: (event) => event.outcome },
  { header: "Details", value: (event) => (event.detail === null ? null : JSON.stringify(event.detail)) },
];

/** The whole filtered audit log as CSV, newest first, read in keyset batches as the client takes it. */
export function exportAuditCsv({
  db,
  filters,
  signal,
  now = new Date(),
}: {
  db: Kysely<Database>;
  filters: AuditFilters;
  signal?: AbortSignal;
  now?: Date;
}): { fileName: string; body: ReadableStream<Uint8Array> } {
  const filter = auditFilter(filters);
  const batches = allPages((cursor) => listAuditEvents(db, { limit: MAX_AUDIT_PAGE, cursor, ...filter }));
  return { fileName: `audit-log-${fileStamp(now)}.csv`, body: csvStream(AUDIT_CSV_COLUMNS, batches, signal) };
}
