import "server-only";

import { z } from "zod";

import type { StorageClient } from "./client";
import { StorageApiError } from "./errors";
import type { StorageSession } from "./sessions";

const keySchema = z.object({
  keyId: z.coerce.number().int().nonnegative(),
  createdTime: z.string().optional(),
  keyType: z.string(),
  uuid: z.string().optional(),
  targetDeviceLocation: z.string().optional(),
  keyGeneratedLocation: z.string().optional(),
  numOfBackups: z.coerce.number().int().nonnegative().optional(),
});
export type EncryptionKey = z.output<typeof keySchema>;

// The list wrapper is not confirmed in vendor material: accept `{data: [...]}` and a bare array.
const pageSchema = z.union([
  z.object({ data: z.array(keySchema) }),
  z.array(keySchema).transform((data) => ({ data })),
]);

const PAGE_SIZE = 1024;
const MAX_KEYS = 4096;

/** `keyType` is required by the storage system; the creation-time range only goes with DEK, FREE or DEKANDFREE. */
export type KeyFilter =
  | {
      keyType: "DEK" | "FREE" | "DEKANDFREE";
      /** `YYYY-MM-DDThh:mm:ssZ` */
      startCreatedTime?: string;
      /** `YYYY-MM-DDThh:mm:ssZ` */
      endCreatedTime?: string;
    }
  | { keyType: "CEK" | "KEK" };

/** Every encryption key matching the filter (all pages), ordered by key id. */
export async function listEncryptionKeys(
  client: StorageClient,
  session: StorageSession,
  filter: KeyFilter,
  options: { signal?: AbortSignal } = {},
): Promise<EncryptionKey[]> {
  const keys: EncryptionKey[] = [];
  let startKeyId = 0;
  for (let page = 0; page <= MAX_KEYS / PAGE_SIZE; page++) {
    const url = client.urls.object("encryption-keys", { ...filter, startKeyId, count: PAGE_SIZE });
    const { data } = await client.json("listing encryption keys", url, pageSchema, {
      headers: session.headers(),
      signal: options.signal,
      step: "keys",
    });
    keys.push(...data);
    if (data.length < PAGE_SIZE) return keys;
    const last = Math.max(...data.map((key) => key.keyId));
    if (last >= MAX_KEYS - 1) return keys;
    if (last < startKeyId) break;
    startKeyId = last + 1;
  }
  throw new StorageApiError("protocol", "The storage system returned more encryption keys than a system can hold", {
    step: "keys",
  });
}
