import "server-only";
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { AuditEventsTable, AuditOutcome, Database } from "./schema";

export type AuditDetail = Record<string, unknown>;

export interface AuditEvent {
  id: string;
  at: string;
  /** Username at the time, kept even if the user is renamed or disabled later. */
  actor: string | null;
  actorUserId: string | null;
  clientIp: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  outcome: AuditOutcome;
  detail: AuditDetail | null;
}

export interface NewAuditEvent {
  action: string;
  outcome: AuditOutcome;
  actor?: string | null;
  actorUserId?: string | null;
  clientIp?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  targetLabel?: string | null;
  detail?: AuditDetail | null;
  at?: string;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export class InvalidAuditCursorError extends Error {
  constructor() {
    super("The audit log cursor is not one this portal handed out");
    this.name = "InvalidAuditCursorError";
  }
}

// Names that say they hold a credential; "passwordPolicy" or "tokenHash" do not match.
const SECRET_KEY = /^(.*password|.*passphrase|.*secret|.*token|authorization|cookie)$/i;
const REDACTED = "[redacted]";

/**
 * The log is kept forever and cannot be edited, so a secret written into it by mistake could
 * never be taken out again: the second line of defence, after callers never passing one.
 */
function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? REDACTED : redactSecrets(item, depth + 1)]),
  );
}

function toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    actorUserId: row.actor_user_id,
    clientIp: row.client_ip,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    outcome: row.outcome,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as AuditDetail),
  };
}

export async function appendAuditEvent(db: Kysely<Database>, event: NewAuditEvent): Promise<AuditEvent> {
  const row: Selectable<AuditEventsTable> = {
    id: randomUUID(),
    at: event.at ?? new Date().toISOString(),
    actor: event.actor ?? null,
    actor_user_id: event.actorUserId ?? null,
    client_ip: event.clientIp ?? null,
    action: event.action,
    target_type: event.targetType ?? null,
    target_id: event.targetId ?? null,
    target_label: event.targetLabel ?? null,
    outcome: event.outcome,
    detail: event.detail ? JSON.stringify(redactSecrets(event.detail)) : null,
  };
  await db.insertInto("audit_events").values(row).execute();
  return toEvent(row);
}

function encodeCursor(event: Pick<AuditEvent, "at" | "id">): string {
  return Buffer.from(JSON.stringify([event.at, event.id])).toString("base64url");
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string") {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidAuditCursorError();
}

export const MAX_AUDIT_PAGE = 500;

/**
 * Newest first. Keyset paging on (at, id) rather than an offset, so events appended while someone
 * pages do not shift rows between pages.
 */
export async function listAuditEvents(
  db: Kysely<Database>,
  options: { limit: number; before?: string },
): Promise<AuditPage> {
  const limit = Number.isFinite(options.limit) ? Math.min(Math.max(Math.trunc(options.limit), 1), MAX_AUDIT_PAGE) : MAX_AUDIT_PAGE;
  let query = db.selectFrom("audit_events").selectAll().orderBy("at", "desc").orderBy("id", "desc").limit(limit + 1);
  if (options.before !== undefined) {
    const cursor = decodeCursor(options.before);
    query = query.where((eb) =>
      eb.or([eb("at", "<", cursor.at), eb.and([eb("at", "=", cursor.at), eb("id", "<", cursor.id)])]),
    );
  }
  const rows = await query.execute();
  const events = rows.slice(0, limit).map(toEvent);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
