import "server-only";

import type { Actor } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/connection";
import type { StorageSystem } from "@/lib/db/storage-systems";

type Outcome = "success" | "failure" | "denied";

/** One audit row about a storage system. `detail` must never hold a credential. */
export async function auditSystem(
  db: Db,
  actor: Actor,
  action: string,
  system: Pick<StorageSystem, "id" | "name"> | null,
  outcome: Outcome,
  detail?: Record<string, unknown>,
): Promise<void> {
  await recordAudit({
    db,
    actor,
    action,
    target: system ? { type: "system", id: system.id, label: system.name } : undefined,
    outcome,
    detail,
  });
}
