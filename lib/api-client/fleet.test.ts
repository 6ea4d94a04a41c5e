import { afterEach, describe, expect, it, vi } from "vitest";

import type { FleetResponse } from "@/lib/schemas/fleet";

import { fetchFleet, fleetQueryKey } from "./fleet";
import { firstCall, stubAnswer, type FetchMock } from "./test-support";

const FLEET: FleetResponse = {
  intervalDays: 30,
  systems: [
    {
      id: "s-1",
      name: "VSP E990",
      model: "VSP E990",
      serialNumber: 412345,
      microcode: "93-07-01-80/00",
      status: "overdue",
      lastSuccess: { at: "2026-03-01T10:00:00.000Z", username: "op", backupId: "b-1" },
      keyCheck: { at: "2026-05-01T10:00:00.000Z", keyCount: 12, notBackedUp: 0 },
    },
  ],
  counts: { refused: 0, never: 0, "keys-not-backed-up": 0, overdue: 1, "up-to-date": 0 },
};

const calledUrl = (fetchMock: FetchMock) => firstCall(fetchMock)[0];

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("fetchFleet", () => {
  it("gets the whole fleet, or one status, and parses the answer", async () => {
    let fetchMock = stubAnswer(200, FLEET);
    await expect(fetchFleet()).resolves.toEqual(FLEET);
    expect(calledUrl(fetchMock)).toBe("/api/fleet");
    fetchMock = stubAnswer(200, FLEET);
    await fetchFleet("keys-not-backed-up");
    expect(calledUrl(fetchMock)).toBe("/api/fleet?status=keys-not-backed-up");
  });

  it("rejects an answer that is not a fleet", async () => {
    stubAnswer(200, { ...FLEET, systems: [{ id: "s-1" }] });
    await expect(fetchFleet()).rejects.toMatchObject({ code: "UNEXPECTED_RESPONSE", status: 200 });
  });

  it("rejects a refusal with the portal's error", async () => {
    stubAnswer(401, { error: { code: "UNAUTHENTICATED", message: "Sign in again." } });
    await expect(fetchFleet()).rejects.toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
  });
});

describe("fleetQueryKey", () => {
  it("nests each filter under the fleet's key, so one invalidation covers them all", () => {
    expect(fleetQueryKey()).toEqual(["fleet"]);
    expect(fleetQueryKey("overdue").slice(0, 1)).toEqual([...fleetQueryKey()]);
  });
});
