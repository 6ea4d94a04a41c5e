import "server-only";

import type { Kysely } from "kysely";

import type { AuditActor } from "@/lib/actor";
import { nowIso } from "@/lib/clock";
import { appendAuditEvent, type AuditDetail, type AuditEvent } from "@/lib/db/audit-events";
import type { AuditOutcome, Database } from "@/lib/db/schema";
import { logger } from "@/lib/log";

/** The actions the accounts code records; other domains add their own (`system.*`, `backup.*`). */
export type AuthAuditAction =
  | "auth.login"
  | "auth.logout"
  | "auth.session_expired"
  | "user.created"
  | "user.role_changed"
  | "user.disabled"
  | "user.enabled"
  | "user.password_reset"
  | "setup.completed";

export interface AuditTarget {
  type: string;
  id?: string | null;
  label?: string | null;
}

export interface RecordAuditOptions {
  db: Kysely<Database>;
  /** Who did it; null when the portal itself did (e.g. ending an interrupted backup). */
  actor: AuditActor | null;
  action: AuthAuditAction | (string & {});
  target?: AuditTarget | null;
  outcome: AuditOutcome;
  /** Never a secret; keys that look like one are redacted anyway by appendAuditEvent. */
  detail?: AuditDetail | null;
}

/**
 * Appends one row to the audit log, stamped with the auth clock, and mirrors it as a log line so
 * operators can follow events without database access. A failure to write propagates: an action
 * that cannot be audited must not look successful.
 */
export async function recordAudit({ db, ...input }: RecordAuditOptions): Promise<AuditEvent> {
  const event = await appendAuditEvent(db, {
    at: nowIso(),
    action: input.action,
    outcome: input.outcome,
    actor: input.actor?.username ?? null,
    actorUserId: input.actor?.id ?? null,
    clientIp: input.actor?.clientIp ?? null,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    targetLabel: input.target?.label ?? null,
    detail: input.detail ?? null,
  });
  logger.info(
    {
      event: "audit",
      action: event.action,
      outcome: event.outcome,
      actor: event.actor,
      clientIp: event.clientIp,
      target: event.targetType ? { type: event.targetType, id: event.targetId, label: event.targetLabel } : undefined,
    },
    `audit ${event.action} ${event.outcome}`,
  );
  return event;
}
