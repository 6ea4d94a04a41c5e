import "server-only";

import type { Kysely } from "kysely";

import { listAuditEvents, type AuditEvent } from "@/lib/db/audit-events";
import type { Database } from "@/lib/db/schema";
import type { AuditItem, AuditPageBody, AuditQuery } from "@/lib/schemas/audit";

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

export interface ListAuditOptions {
  db: Kysely<Database>;
  query: AuditQuery;
}

/** Newest first, one page at a time; `nextCursor` fetches the next older page. */
export async function listAudit({ db, query }: ListAuditOptions): Promise<AuditPageBody> {
  const page = await listAuditEvents(db, query);
  return { items: page.items.map(toItem), nextCursor: page.nextCursor };
}
