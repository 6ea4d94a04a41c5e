import { AUDIT_PAGE_DEFAULT, auditPageSchema, type AuditFilters, type AuditPageBody } from "@/lib/schemas/audit";

import { requestJson } from "./request-json";

export const AUDIT_PAGE_SIZE = AUDIT_PAGE_DEFAULT;

/** The cache key of the audit log (with `filters`, of one filtered view). */
export function auditQueryKey(filters: AuditFilters = {}) {
  return ["audit", filters] as const;
}

/** The audit log's filters as query parameters, the empty ones left out. */
export function auditFilterParams(filters: AuditFilters = {}): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of ["actor", "action", "target", "from", "to"] as const) {
    const value = filters[name];
    if (value) query.set(name, value);
  }
  return query;
}

/** One page of GET /api/audit, newest first, filtered; `cursor` is the previous page's nextCursor. */
export function fetchAuditPage(cursor: string | null, filters: AuditFilters = {}): Promise<AuditPageBody> {
  const query = auditFilterParams(filters);
  query.set("limit", String(AUDIT_PAGE_SIZE));
  if (cursor) query.set("cursor", cursor);
  return requestJson("GET", `/api/audit?${query}`, auditPageSchema);
}

/** The address of the filtered audit log as a CSV file (every page), for a download link. */
export function auditCsvHref(filters: AuditFilters = {}): string {
  const query = auditFilterParams(filters);
  query.set("format", "csv");
  return `/api/audit?${query}`;
}
