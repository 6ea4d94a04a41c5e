import { afterEach, describe, expect, it, vi } from "vitest";

import type { KeyCheck } from "@/lib/schemas/key-check";

import { checkKeys, fetchLatestKeyCheck, keyCheckQueryKey } from "./key-checks";
import { systemQueryKey } from "./systems";
import { firstCall, stubAnswer } from "./test-support";

const CHECK: KeyCheck = {
  id: "k-1",
  systemId: "s 1",
  at: "2026-05-01T10:00:00.000Z",
  username: "op",
  keyCount: 3,
  newestKeyCreatedAt: "2026-04-30T08:00:00Z",
  lastSuccessAt: "2026-04-01T10:00:00.000Z",
  notBackedUpCount: 1,
  notBackedUp: [{ keyId: 3, keyType: "DEK", createdTime: "2026-04-30T08:00:00Z", numOfBackups: 0 }],
};
const CREDENTIALS = { storageUsername: "secviewer", storagePassword: "pw" };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("fetchLatestKeyCheck", () => {
  it("gets the latest check, or null when there is none", async () => {
    const fetchMock = stubAnswer(200, { keyCheck: CHECK });
    await expect(fetchLatestKeyCheck("s 1")).resolves.toEqual(CHECK);
    expect(firstCall(fetchMock)[0]).toBe("/api/systems/s%201/key-checks");
    expect(firstCall(fetchMock)[1].method).toBe("GET");
    stubAnswer(200, { keyCheck: null });
    await expect(fetchLatestKeyCheck("s 1")).resolves.toBeNull();
  });
});

describe("checkKeys", () => {
  it("posts the credentials and answers with the new snapshot", async () => {
    const fetchMock = stubAnswer(201, { keyCheck: CHECK });
    await expect(checkKeys("s 1", CREDENTIALS)).resolves.toEqual(CHECK);
    const [url, init] = firstCall(fetchMock);
    expect(url).toBe("/api/systems/s%201/key-checks");
    expect(init.method).toBe("POST");
    expect(init.body).toBe(JSON.stringify(CREDENTIALS));
  });

  it("does not take a missing snapshot for a new one", async () => {
    stubAnswer(201, { keyCheck: null });
    await expect(checkKeys("s 1", CREDENTIALS)).rejects.toMatchObject({ code: "UNEXPECTED_RESPONSE", status: 201 });
  });

  it("rejects a refusal with the portal's error", async () => {
    const detail = { code: "STORAGE_PERMISSION_DENIED", message: "Give the user Security Administrator (View Only)." };
    stubAnswer(403, { error: detail });
    await expect(checkKeys("s 1", CREDENTIALS)).rejects.toMatchObject({ status: 403, detail });
  });
});

describe("keyCheckQueryKey", () => {
  it("sits under the system's key", () => {
    expect(keyCheckQueryKey("s-1").slice(0, 2)).toEqual([...systemQueryKey("s-1")]);
  });
});
