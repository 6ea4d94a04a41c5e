import "server-only";
import type { Kysely } from "kysely";
import { InvalidAuditCursorError, listAuditEvents, type AuditEvent } from "@/lib/db/audit-events";
import type { Database } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
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

/** Newest first, one page at a time; `nextCursor` fetches the next older page. */
export async function listAudit(db: Kysely<Database>, query: AuditQuery): Promise<AuditPageBody> {
  try {
    const page = await listAuditEvents(db, { limit: query.limit, before: query.cursor });
    return { items: page.events.map(toItem), nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof InvalidAuditCursorError) {
      throw new AppError("VALIDATION_FAILED", 400, "The cursor is not valid; start again from the first page.", {
        fields: { cursor: ["Use the nextCursor of a previous answer."] },
      });
    }
    throw error;
  }
}
