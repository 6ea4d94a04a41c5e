import "server-only";

import { requireRole, type Actor } from "@/lib/actor";
import type { Db } from "@/lib/db/connection";
import { findSystem, listSystems as listSystemRows } from "@/lib/db/storage-systems";
import { notFound } from "@/lib/errors";
import type { SystemView } from "@/lib/schemas/system";

import { toSystemView } from "./system-view";

/** The registered systems, by name; removed ones too when an admin asks. */
export interface ListSystemsOptions {
  db: Db;
  actor: Actor;
  includeRemoved?: boolean;
}

export interface GetSystemOptions {
  db: Db;
  systemId: string;
}

export async function listSystems({ db, actor, includeRemoved = false }: ListSystemsOptions): Promise<SystemView[]> {
  if (includeRemoved) requireRole(actor, "admin", "see removed systems");
  const rows = await listSystemRows(db, { includeRemoved });
  return rows.map(toSystemView);
}

/** One system, removed or not: the history of a removed one still links to it. */
export async function getSystem({ db, systemId }: GetSystemOptions): Promise<SystemView> {
  const system = await findSystem(db, systemId);
  if (!system) throw notFound("The storage system");
  return toSystemView(system);
}
