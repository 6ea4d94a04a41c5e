"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { ApiError } from "@/lib/api-client/api-error";
import { fetchSystems, systemsQueryKey } from "@/lib/api-client/systems";
import type { ApiErrorDetail } from "@/lib/schemas/api-error";
import { baseUrlKey, sameArrayAddress } from "@/lib/schemas/array-address";
import { baseUrlSchema } from "@/lib/schemas/system";

export type ExistingSystem = NonNullable<ApiErrorDetail["existingSystem"]>;

/** What the address fields hold, as compared: one array registered twice would split its history. */
function addressOf(baseUrl: string, storageDeviceId: string | undefined) {
  const parsed = baseUrlSchema.safeParse(baseUrl);
  if (!parsed.success) return undefined;
  const deviceId = storageDeviceId?.trim() || null;
  return { baseUrl: parsed.data, storageDeviceId: deviceId, key: `${baseUrlKey(parsed.data)} ${deviceId ?? ""}` };
}

/**
 * The registered system that already uses the address being typed, if any: found in the systems
 * list as soon as the address is complete, or named by the server's DUPLICATE_BASE_URL refusal
 * (the list may be stale). Forgotten as soon as the address changes.
 */
export function useDuplicateAddress(baseUrl: string, storageDeviceId: string | undefined) {
  const systems = useQuery({ queryKey: systemsQueryKey, queryFn: () => fetchSystems() });
  const [refused, setRefused] = useState<{ key: string; system: ExistingSystem } | undefined>();
  const address = addressOf(baseUrl, storageDeviceId);

  const listed = address ? systems.data?.find((system) => sameArrayAddress(system, address)) : undefined;
  const fromServer = address && refused?.key === address.key ? refused.system : undefined;
  const existing: ExistingSystem | undefined = listed
    ? { id: listed.id, name: listed.name, baseUrl: listed.baseUrl }
    : fromServer;

  /** Takes a registration's refusal; returns whether it was DUPLICATE_BASE_URL. */
  const noteRefusal = (error: unknown): boolean => {
    if (!(error instanceof ApiError) || error.code !== "DUPLICATE_BASE_URL") return false;
    const system = error.detail.existingSystem;
    if (address && system) setRefused({ key: address.key, system });
    return true;
  };
  return { existing, noteRefusal };
}
