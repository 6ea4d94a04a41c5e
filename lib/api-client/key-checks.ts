import { keyCheckResponseSchema, keyCheckSchema, type KeyCheck } from "@/lib/schemas/key-check";
import type { TestConnectionInput } from "@/lib/schemas/system";

import { requestJson } from "./request-json";
import { systemQueryKey } from "./systems";

/** A new check always answers with its snapshot, never null. */
const createdKeyCheckSchema = keyCheckResponseSchema.extend({ keyCheck: keyCheckSchema });

function keyChecksPath(systemId: string): string {
  return `/api/systems/${encodeURIComponent(systemId)}/key-checks`;
}

/** The cache key of a system's latest key check (under the system's key). */
export function keyCheckQueryKey(systemId: string) {
  return [...systemQueryKey(systemId), "key-check"] as const;
}

/** GET /api/systems/{id}/key-checks: the latest key check of the system, or null when there was none. */
export async function fetchLatestKeyCheck(systemId: string): Promise<KeyCheck | null> {
  return (await requestJson("GET", keyChecksPath(systemId), keyCheckResponseSchema)).keyCheck;
}

/**
 * POST /api/systems/{id}/key-checks: lists the system's encryption keys with storage credentials
 * used for this check only, and answers with the new snapshot.
 */
export async function checkKeys(systemId: string, credentials: TestConnectionInput): Promise<KeyCheck> {
  return (await requestJson("POST", keyChecksPath(systemId), createdKeyCheckSchema, credentials)).keyCheck;
}
