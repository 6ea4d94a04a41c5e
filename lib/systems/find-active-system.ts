import "server-only";

import type { Db } from "@/lib/db/connection";
import { findSystem, type StorageSystem } from "@/lib/db/storage-systems";
import { notFound } from "@/lib/errors";

import { systemRemoved } from "./errors";

/**
 * The system an operation acts on. Every operation that changes or uses a system loads it here,
 * so a missing one is 404 and a removed one the same 409 everywhere.
 */
export async function findActiveSystem(db: Db, id: string): Promise<StorageSystem> {
  const system = await findSystem(db, id);
  if (!system) throw notFound("The storage system");
  if (system.removedAt !== null) throw systemRemoved(system.name);
  return system;
}
