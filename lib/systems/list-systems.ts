import "server-only";
import type { Db } from "@/lib/db/connection";
import { findSystem, listSystems as listSystemRows } from "@/lib/db/storage-systems";
import { notFound } from "@/lib/http/app-error";
import type { SystemView } from "@/lib/schemas/system";
import { requireRole, type Actor } from "./actor";
import { toSystemView } from "./system-view";

/** The registered systems, by name; removed ones too when an admin asks. */
export async function listSystems(
  db: Db,
  actor: Actor,
  options: { includeRemoved?: boolean } = {},
): Promise<SystemView[]> {
  if (options.includeRemoved) requireRole(actor, "admin", "see removed systems");
  const rows = await listSystemRows(db, { includeRemoved: options.includeRemoved ?? false });
  return rows.map(toSystemView);
}

/** One system, removed or not: the history of a removed one still links to it. */
export async function getSystem(db: Db, id: string): Promise<SystemView> {
  const system = await findSystem(db, id);
  if (!system) throw notFound("The storage system");
  return toSystemView(system);
}
