import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";

import { createSession, discardSession, getStorageIdentity, StorageApiError, StorageClient } from "./index";

/* Sessions belong to one controller: a token from CTL1 means nothing to CTL2. */

const ADMIN = { username: "secadmin", password: "Sim-Modify-Pass1" };

let sim: Simulator;
let system: SimSystemInfo;

beforeAll(async () => {
  sim = await startSimulator({
    systems: [{ model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00", controllers: 2 }],
  });
  system = sim.systems[0]!;
});

afterAll(async () => {
  await sim?.close();
});

function client(baseUrl: string) {
  return new StorageClient({
    baseUrl,
    trust: { kind: "pin", sha256Fingerprint: sim.sha256Fingerprint, certificatePem: sim.certificatePem },
  });
}

describe("two controllers", () => {
  it("a session opened on CTL1 is refused by CTL2, with a message naming the cause", async () => {
    const [ctl1Url, ctl2Url] = system.controllerBaseUrls as [string, string];
    const ctl1 = client(ctl1Url);
    const ctl2 = client(ctl2Url);
    const session = await createSession(ctl1, ADMIN);
    try {
      const error = await getStorageIdentity(ctl2, session).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageApiError);
      expect(error).toMatchObject({ kind: "auth", status: 401, step: "identity" });
      expect((error as Error).message).toMatch(/session is invalid or expired/);
      expect((error as Error).message).toMatch(/one controller or the SVP/);
      expect(await getStorageIdentity(ctl1, session)).toMatchObject({ model: "VSP E990" });
    } finally {
      await discardSession(ctl1, session);
      await ctl1.close();
      await ctl2.close();
    }
    expect(sim.openSessions(system.storageDeviceId)).toBe(0);
  });
});
