import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { setClockForTests } from "@/lib/clock";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { startSimulator } from "@/lib/simulator/server";
import { E990, MODIFY } from "@/lib/simulator/test-support";
import type { Simulator } from "@/lib/simulator/types";
import { captureLogs } from "@/lib/test-support/auth";
import { ManualClock } from "@/lib/test-support/manual-clock";

import { CONNECTION_TESTS_PER_SYSTEM, CONNECTION_TESTS_PER_USER } from "./connection-test-limits";
import { registerSystem } from "./register-system";
import { testConnection } from "./test-connection";
import { auditActions, everythingStored, expectAppError, testActor } from "./test-support";

/* Connection tests: limited per user and per system in the database, and their errors scrubbed of the typed password. */

const ECHOED_PASSWORD = "Echoed-Test-Pass-51";
const credentials = { storageUsername: MODIFY.username, storagePassword: MODIFY.password };

let sim: Simulator;
const logs = captureLogs();

beforeAll(async () => {
  sim = await startSimulator({ systems: [E990] });
});
afterAll(async () => {
  logs.restore();
  await sim?.close();
});
afterEach(() => {
  expect(sim.openSessions(sim.systems[0]!.storageDeviceId)).toBe(0);
});

describe.each(TEST_DATABASES)("connection tests on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  let clock: ManualClock;
  let restoreClock: () => void;
  const admin = testActor("admin");
  let seq = 0;

  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    clock = new ManualClock();
    restoreClock = setClockForTests(clock);
  });
  afterEach(() => restoreClock());

  async function register() {
    return registerSystem({
      db: t.db,
      actor: admin,
      input: {
        confirmDuplicateBaseUrl: true,
        name: `E990 ${kind} ${++seq}`,
        baseUrl: sim.systems[0]!.baseUrl,
        trust: { sha256Fingerprint: sim.sha256Fingerprint },
      },
    });
  }

  const test = (actor: ReturnType<typeof testActor>, systemId: string) =>
    testConnection({ db: t.db, actor, systemId, input: credentials });

  it(`allows ${CONNECTION_TESTS_PER_USER} per user in 10 minutes, then 429 THROTTLED with Retry-After`, async () => {
    const system = await register();
    const operator = testActor("operator");
    for (let i = 0; i < CONNECTION_TESTS_PER_USER; i++) await test(operator, system.id);
    clock.advance(4 * 60_000);
    const error = await expectAppError(test(operator, system.id), "THROTTLED", 429);
    expect(error.message).toMatch(/^Too many connection tests by you: at most 10 in 10 minutes\. Wait 6 minutes/);
    expect(error.extra.retryAfterSeconds).toBe(360);
    expect(error.headers).toEqual({ "Retry-After": "360" });
    // Nothing reached the array: the audit trail has only the tests that ran.
    const tested = (await auditActions(t.db, system.id)).filter((e) => e.action === "system.connection_tested");
    expect(tested).toHaveLength(CONNECTION_TESTS_PER_USER);

    // Another user is not held up; the window ends for this one.
    await test(testActor("operator"), system.id);
    clock.advance(6 * 60_000);
    await test(operator, system.id);
  });

  it(`allows ${CONNECTION_TESTS_PER_SYSTEM} per system in 10 minutes, whoever runs them`, async () => {
    const system = await register();
    const other = await register();
    const operators = [testActor("operator"), testActor("operator"), testActor("operator")];
    for (let i = 0; i < CONNECTION_TESTS_PER_SYSTEM; i++) await test(operators[i % 3]!, system.id);
    const error = await expectAppError(test(testActor("operator"), system.id), "THROTTLED", 429);
    expect(error.message).toMatch(/^Too many connection tests of this system: at most 20 in 10 minutes/);
    expect(error.headers?.["Retry-After"]).toBe("600");
    // Another system is not held up.
    await test(testActor("operator"), other.id);
  });

  it("scrubs the typed password an array echoes from the answer, the audit trail and the log", async () => {
    const system = await register();
    const { storageDeviceId } = sim.systems[0]!;
    sim.updateSettings(storageDeviceId, { echoPasswordInErrors: true });
    try {
      const error = await expectAppError(
        testConnection({
          db: t.db,
          actor: testActor("operator"),
          systemId: system.id,
          input: { storageUsername: MODIFY.username, storagePassword: ECHOED_PASSWORD },
        }),
        "STORAGE_AUTH_FAILED",
        422,
      );
      const answer = JSON.stringify({ message: error.message, extra: error.extra });
      // The array did echo it (else this test could not fail): it shows as redacted.
      expect(answer).toContain("[redacted]");
      expect(answer).not.toContain(ECHOED_PASSWORD);
    } finally {
      sim.updateSettings(storageDeviceId, { echoPasswordInErrors: false });
    }
    expect(await everythingStored(t.db)).not.toContain(ECHOED_PASSWORD);
    expect(logs.text()).not.toContain(ECHOED_PASSWORD);
  });
});
