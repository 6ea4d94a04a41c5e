import "server-only";

import { z } from "zod";

import type { StorageClient } from "./client";
import { StorageApiError } from "./errors";
import type { StorageSession } from "./sessions";
import { STORAGE_DEVICE_ID } from "./target";

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
  return client.json("reading the API version", client.urls.version(), versionSchema, { ...options, step: "version" });
}

const identitySchema = z
  .object({
    storageDeviceId: z.coerce.string().regex(STORAGE_DEVICE_ID),
    model: z.string().min(1),
    serialNumber: z.coerce.number().int().nonnegative(),
    // An opaque label ("88-06-02/10", "93-06-01-80/00", "A3-04-21-40/00"): only the storage
    // system knows what it supports. Any field but the three above may be missing.
    dkcMicroVersion: z.string().min(1).optional().catch(undefined),
  })
  .transform(({ storageDeviceId, model, serialNumber, dkcMicroVersion }) => ({
    storageDeviceId,
    model,
    serialNumber,
    ...(dkcMicroVersion === undefined ? {} : { dkcMicroVersion }),
  }));
export type StorageIdentity = z.output<typeof identitySchema>;

const OPERATION = "reading the storage identity";

/** The identity in an answer of `storages/instance` or `storages/{storageDeviceId}`; what getStorageIdentity returns. */
export function parseStorageIdentity(answer: unknown): StorageIdentity {
  const parsed = identitySchema.safeParse(answer);
  if (!parsed.success) {
    throw new StorageApiError("protocol", `The storage system's answer to ${OPERATION} has an unexpected shape`, {
      step: "identity",
    });
  }
  return parsed.data;
}

/** Model, serial number, storageDeviceId and (if the system tells) microcode of the storage system. */
export async function getStorageIdentity(
  client: StorageClient,
  session: StorageSession,
  options: { signal?: AbortSignal } = {},
): Promise<StorageIdentity> {
  const answer = await client.json(OPERATION, client.urls.identity(), z.unknown(), {
    headers: session.headers(),
    signal: options.signal,
    step: "identity",
  });
  return parseStorageIdentity(answer);
}
