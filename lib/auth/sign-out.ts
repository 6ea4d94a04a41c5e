import "server-only";
import type { Kysely } from "kysely";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Database } from "@/lib/db/schema";
import { endSession, type SessionUser } from "./sessions";

/** Ends the caller's session; the old cookie is worthless from here on, even if kept. */
export async function signOut(db: Kysely<Database>, user: SessionUser, context: { clientIp?: string | null } = {}): Promise<void> {
  if (!(await endSession(db, user.sessionIdHash, "logout"))) return;
  await recordAudit(db, {
    actor: { id: user.id, username: user.username },
    clientIp: context.clientIp,
    action: "auth.logout",
    target: { type: "user", id: user.id, label: user.username },
    outcome: "success",
  });
}
