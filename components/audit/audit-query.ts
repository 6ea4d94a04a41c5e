import { requestJson } from "@/lib/api-client/request-json";
import { AUDIT_PAGE_DEFAULT, type AuditPageBody } from "@/lib/schemas/audit";

export const AUDIT_QUERY_KEY = ["audit"] as const;
export const AUDIT_PAGE_SIZE = AUDIT_PAGE_DEFAULT;

/** One page of GET /api/audit, newest first; `cursor` is the previous page's nextCursor. */
export function fetchAuditPage(cursor: string | null): Promise<AuditPageBody> {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (cursor) query.set("cursor", cursor);
  return requestJson<AuditPageBody>("GET", `/api/audit?${query}`);
}
