import { AUDIT_PAGE_DEFAULT, auditPageSchema, type AuditPageBody } from "@/lib/schemas/audit";

import { requestJson } from "./request-json";

export const AUDIT_PAGE_SIZE = AUDIT_PAGE_DEFAULT;

/** The cache key of the audit log. */
export const auditQueryKey = ["audit"] as const;

/** One page of GET /api/audit, newest first; `cursor` is the previous page's nextCursor. */
export function fetchAuditPage(cursor: string | null): Promise<AuditPageBody> {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (cursor) query.set("cursor", cursor);
  return requestJson("GET", `/api/audit?${query}`, auditPageSchema);
}
