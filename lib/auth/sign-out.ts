import "server-only";

import type { Kysely } from "kysely";

import type { Actor } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Database } from "@/lib/db/schema";

import { endSession } from "./sessions";

export interface SignOutOptions {
  db: Kysely<Database>;
  /** The signed-in user signing out. */
  actor: Actor;
  /** Their session, the one to end (SessionUser.sessionIdHash). */
  sessionIdHash: string;
}

/** Ends the caller's session; the old cookie is worthless from here on, even if kept. */
export async function signOut({ db, actor, sessionIdHash }: SignOutOptions): Promise<void> {
  if (!(await endSession(db, sessionIdHash, "logout"))) return;
  await recordAudit({
    db,
    actor,
    action: "auth.logout",
    target: { type: "user", id: actor.id, label: actor.username },
    outcome: "success",
  });
}
