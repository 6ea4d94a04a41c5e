import "server-only";

import { z } from "zod";

import type { StorageClient } from "./client";
import type { StorageSession } from "./sessions";

const versionSchema = z.object({
  productName: z.string().optional(),
  apiVersion: z.string().min(1),
});
export type ApiVersion = z.output<typeof versionSchema>;

/** The REST API version; needs no authentication. */
export async function getApiVersion(
  client: StorageClient,
  options: { signal?: AbortSignal } = {},
): Promise<ApiVersion> {
  return client.json("reading the API version", client.urls.version(), versionSchema, options);
}

const identitySchema = z.object({
  storageDeviceId: z.coerce.string().regex(/^\d{12}$/),
  model: z.string().min(1),
  serialNumber: z.coerce.number().int().nonnegative(),
  dkcMicroVersion: z.string().min(1),
});
export type StorageIdentity = z.output<typeof identitySchema>;

/** Model, serial number, storageDeviceId and microcode of the storage system. */
export async function getStorageIdentity(
  client: StorageClient,
  session: StorageSession,
  options: { signal?: AbortSignal } = {},
): Promise<StorageIdentity> {
  const identity = await client.json("reading the storage identity", client.urls.identity(), identitySchema, {
    headers: session.headers(),
    signal: options.signal,
  });
  return {
    storageDeviceId: identity.storageDeviceId,
    model: identity.model,
    serialNumber: identity.serialNumber,
    dkcMicroVersion: identity.dkcMicroVersion,
  };
}
