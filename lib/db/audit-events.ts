import "server-only";

import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";

import { keysetPage, type KeysetPage } from "./keyset";
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

export const MAX_AUDIT_PAGE = 500;

/** What the audit log may be narrowed to; every field is optional and they combine. */
export interface AuditFilter {
  /** Exactly this username at the time. */
  actor?: string;
  action?: string;
  /** A target id or a target label, exactly. */
  target?: string;
  /** At or after this instant (ISO, as stored). */
  since?: string;
  /** Strictly before this instant. */
  before?: string;
}

/** Newest first, one page at a time, narrowed by the filter. */
export async function listAuditEvents(
  db: Kysely<Database>,
  options: { limit: number; cursor?: string } & AuditFilter,
): Promise<KeysetPage<AuditEvent>> {
  let query = db.selectFrom("audit_events").selectAll();
  if (options.actor !== undefined) query = query.where("actor", "=", options.actor);
  if (options.action !== undefined) query = query.where("action", "=", options.action);
  const target = options.target;
  if (target !== undefined) {
    query = query.where((eb) => eb.or([eb("target_id", "=", target), eb("target_label", "=", target)]));
  }
  if (options.since !== undefined) query = query.where("at", ">=", options.since);
  if (options.before !== undefined) query = query.where("at", "<", options.before);
  const page = await keysetPage(query, {
    limit: options.limit,
    cursor: options.cursor,
    max: MAX_AUDIT_PAGE,
    orderBy: ["at", "id"],
    keyOf: (row) => [row.at, row.id],
  });
  return { items: page.items.map(toEvent), nextCursor: page.nextCursor };
}
