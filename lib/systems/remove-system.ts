import "server-only";

import { requireRole, type Actor } from "@/lib/actor";
import type { Db } from "@/lib/db/connection";
import { markSystemRemoved } from "@/lib/db/storage-systems";
import { closeStorageConnections } from "@/lib/storage-api";

import { systemRemoved } from "./errors";
import { findActiveSystem } from "./find-active-system";
import { auditSystem } from "./system-audit";

export interface RemoveSystemOptions {
  db: Db;
  actor: Actor;
  systemId: string;
}

/**
 * Marks a system removed. The row stays, so the backup history and the audit log can still name
 * the system; it just stops being listed and used, and its pooled connections are closed.
 */
export async function removeSystem({ db, actor, systemId }: RemoveSystemOptions): Promise<void> {
  requireRole(actor, "admin", "remove systems");
  const system = await findActiveSystem(db, systemId);
  await db.transaction().execute(async (trx) => {
    if (!(await markSystemRemoved(trx, systemId, new Date().toISOString()))) throw systemRemoved(system.name);
    await auditSystem(trx, actor, "system.removed", system, "success", { baseUrl: system.baseUrl });
  });
  await closeStorageConnections(system.baseUrl);
}
