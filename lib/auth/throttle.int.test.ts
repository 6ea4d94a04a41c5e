import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getThrottle } from "@/lib/db/login-throttle";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";

import {
  checkThrottle,
  clearAccountThrottle,
  delayFor,
  recordLoginFailure,
  THROTTLE_POLICY,
  throttleKeys,
} from "./throttle";

const MINUTE = 60_000;
const T0 = new Date("2026-03-02T09:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("delayFor", () => {
  it("starts at 250 ms after the threshold, doubles, and stops at 4 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map((failures) => delayFor(failures, 3))).toEqual([
      0, 0, 0, 250, 500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });
});

describe.each(TEST_DATABASES)("sign-in throttling on $kind", ({ open }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keys accounts case-insensitively and addresses as given", () => {
    expect(throttleKeys("Alice", "203.0.113.5")).toEqual({ account: "user:alice", address: "ip:203.0.113.5" });
  });

  it("slows down after 3 account failures and blocks for at most 15 minutes after 10", async () => {
    const keys = throttleKeys("bob", "198.51.100.1");
    expect(await checkThrottle(t.db, keys, at(0))).toEqual({ blockedUntil: null, retryAfterSeconds: 0, delayMs: 0 });
    for (let i = 1; i <= 9; i++) expect(await recordLoginFailure(t.db, keys, at(i * 1000))).toBeNull();
    expect((await checkThrottle(t.db, keys, at(10_000))).delayMs).toBe(4000);
    const blockedUntil = await recordLoginFailure(t.db, keys, at(10_000));
    expect(blockedUntil).toEqual(at(10_000 + 15 * MINUTE));
    const check = await checkThrottle(t.db, keys, at(11_000));
    expect(check.blockedUntil).toEqual(blockedUntil);
    expect(check.retryAfterSeconds).toBe(15 * 60 - 1);
    expect((await checkThrottle(t.db, keys, at(10_000 + 15 * MINUTE))).blockedUntil).toBeNull();
    // The window is over too, so the count starts again.
    expect((await checkThrottle(t.db, keys, at(10_000 + 15 * MINUTE))).delayMs).toBe(0);
    await recordLoginFailure(t.db, keys, at(10_000 + 15 * MINUTE));
    expect((await getThrottle(t.db, keys.account))?.failures).toBe(1);
  });

  it("forgets failures older than the window", async () => {
    const keys = throttleKeys("carol", "198.51.100.2");
    for (let i = 0; i < 5; i++) await recordLoginFailure(t.db, keys, at(0));
    expect((await checkThrottle(t.db, keys, at(14 * MINUTE))).delayMs).toBe(1000);
    expect((await checkThrottle(t.db, keys, at(15 * MINUTE))).delayMs).toBe(0);
  });

  it("clears the account's count on success, not the address's", async () => {
    const keys = throttleKeys("dave", "198.51.100.3");
    for (let i = 0; i < 4; i++) await recordLoginFailure(t.db, keys, at(0));
    await clearAccountThrottle(t.db, keys);
    expect(await getThrottle(t.db, keys.account)).toBeUndefined();
    expect((await getThrottle(t.db, keys.address))?.failures).toBe(4);
  });

  it("blocks an address after 50 failures across any accounts", async () => {
    const address = "198.51.100.99";
    const { blockAfter, delayAfter } = THROTTLE_POLICY.address;
    for (let i = 0; i < blockAfter - 1; i++) await recordLoginFailure(t.db, throttleKeys(`spray${i}`, address), at(i));
    const fresh = throttleKeys("someone-new", address);
    const slowed = await checkThrottle(t.db, fresh, at(blockAfter));
    expect(slowed.blockedUntil).toBeNull();
    expect(slowed.delayMs).toBe(delayFor(blockAfter - 1, delayAfter));
    expect(await recordLoginFailure(t.db, fresh, at(blockAfter))).toEqual(at(blockAfter + 15 * MINUTE));
    expect(
      (await checkThrottle(t.db, throttleKeys("yet-another", address), at(blockAfter + 1))).blockedUntil,
    ).not.toBeNull();
    // The same account from elsewhere is not blocked.
    expect(
      (await checkThrottle(t.db, throttleKeys("yet-another", "192.0.2.1"), at(blockAfter + 1))).blockedUntil,
    ).toBeNull();
  });
});
