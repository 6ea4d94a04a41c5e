import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";

import { withStorageSession, type StorageLogEvent, type StorageTarget } from "./index";

/* What the client reports through StorageTarget.log: a session it could not discard. */

const ADMIN = { username: "secadmin", password: "Sim-Modify-Pass1" };

let sim: Simulator;
let e990: SimSystemInfo;

beforeAll(async () => {
  sim = await startSimulator({ systems: [{ model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" }] });
  e990 = sim.systems[0]!;
});

afterAll(async () => {
  await sim?.close();
});

function target(log?: StorageTarget["log"]): StorageTarget {
  return {
    baseUrl: e990.baseUrl,
    trust: { kind: "pin", sha256Fingerprint: sim.sha256Fingerprint, certificatePem: sim.certificatePem },
    log,
  };
}

/** Runs a session whose discard the storage system refuses (busy) both times it is tried. */
function withUndiscardableSession(log?: StorageTarget["log"]): Promise<number> {
  return withStorageSession(target(log), ADMIN, async ({ session }) => {
    sim.setFault(e990.storageDeviceId, { type: "busy-503", on: "any", times: 2 });
    return session.sessionId;
  });
}

describe("StorageTarget.log", () => {
  it("hears of a session that could not be discarded", async () => {
    const events: StorageLogEvent[] = [];
    const sessionId = await withUndiscardableSession((event) => events.push(event));
    expect(events).toEqual([
      {
        level: "warn",
        event: "storage.session.discard_failed",
        sessionId,
        kind: "busy",
        message: "could not discard a storage session",
      },
    ]);
  });

  it("is optional, and a log that throws changes nothing", async () => {
    await expect(withUndiscardableSession()).resolves.toEqual(expect.any(Number));
    await expect(
      withUndiscardableSession(() => {
        throw new Error("log down");
      }),
    ).resolves.toEqual(expect.any(Number));
  });

  it("stays quiet when the discard works", async () => {
    const events: StorageLogEvent[] = [];
    // The sessions the tests above could not discard are still open; this one must not join them.
    const before = sim.openSessions(e990.storageDeviceId);
    await withStorageSession(
      target((event) => events.push(event)),
      ADMIN,
      async () => {},
    );
    expect(events).toEqual([]);
    expect(sim.openSessions(e990.storageDeviceId)).toBe(before);
  });
});
