import "server-only";

import type { Db } from "@/lib/db/connection";
import { findLatestKeyCheck, type KeyCheckRow } from "@/lib/db/key-checks";
import { findSystem } from "@/lib/db/storage-systems";
import { notFound } from "@/lib/errors";
import type { KeyCheck } from "@/lib/schemas/key-check";

/** The snapshot as the API shows it (no user id). */
export function toKeyCheck(row: KeyCheckRow): KeyCheck {
  return {
    id: row.id,
    systemId: row.systemId,
    at: row.at,
    username: row.username,
    keyCount: row.keyCount,
    newestKeyCreatedAt: row.newestKeyCreatedAt,
    lastSuccessAt: row.lastSuccessAt,
    notBackedUpCount: row.notBackedUpCount,
    notBackedUp: row.notBackedUp,
  };
}

export interface LatestKeyCheckOptions {
  db: Db;
  systemId: string;
}

/** The system's newest key check, or null when it was never checked; 404 for an unknown system (a removed one still answers). */
export async function latestKeyCheck({ db, systemId }: LatestKeyCheckOptions): Promise<KeyCheck | null> {
  if (!(await findSystem(db, systemId))) throw notFound("The storage system");
  const row = await findLatestKeyCheck(db, systemId);
  return row ? toKeyCheck(row) : null;
}
