import "server-only";
import type { Db } from "@/lib/db/connection";
import { findSystem, markSystemRemoved } from "@/lib/db/storage-systems";
import { conflict, notFound } from "@/lib/http/app-error";
import { requireRole, type Actor } from "./actor";
import { auditSystem } from "./system-audit";

/**
 * Marks a system removed. The row stays, so the backup history and the audit log can still name
 * the system; it just stops being listed and used.
 */
export async function removeSystem(db: Db, actor: Actor, id: string): Promise<void> {
  requireRole(actor, "admin", "remove systems");
  const system = await findSystem(db, id);
  if (!system) throw notFound("The storage system");
  if (system.removedAt !== null) throw conflict(`"${system.name}" was already removed.`);
  await db.transaction().execute(async (trx) => {
    if (!(await markSystemRemoved(trx, id, new Date().toISOString()))) {
      throw conflict(`"${system.name}" was already removed.`);
    }
    await auditSystem(trx, actor, "system.removed", system, "success", { baseUrl: system.baseUrl });
  });
}
