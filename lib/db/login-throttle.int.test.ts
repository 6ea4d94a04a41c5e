import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { clearThrottle, getThrottle, releaseAttempt, reserveAttempt, setThrottleBlock } from "./login-throttle";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";

const WINDOW_MS = 15 * 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 12, 0) + minutes * 60_000).toISOString();

describe.each(TEST_DATABASES)("login throttle on $kind", ({ open }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("counts attempts within a window", async () => {
    expect(await getThrottle(t.db, "user:alice")).toBeUndefined();
    expect(await reserveAttempt(t.db, "user:alice", at(0), WINDOW_MS)).toEqual({
      key: "user:alice",
      failures: 1,
      windowStartedAt: at(0),
      lastFailureAt: at(0),
      blockedUntil: null,
    });
    expect(await reserveAttempt(t.db, "user:alice", at(1), WINDOW_MS)).toMatchObject({
      failures: 2,
      windowStartedAt: at(0),
    });
    expect(await reserveAttempt(t.db, "user:alice", at(14), WINDOW_MS)).toEqual({
      key: "user:alice",
      failures: 3,
      windowStartedAt: at(0),
      lastFailureAt: at(14),
      blockedUntil: null,
    });
    expect(await getThrottle(t.db, "user:alice")).toMatchObject({ failures: 3, lastFailureAt: at(14) });
  });

  it("starts a new window once the old one is over", async () => {
    expect(await reserveAttempt(t.db, "user:alice", at(15), WINDOW_MS)).toEqual({
      key: "user:alice",
      failures: 1,
      windowStartedAt: at(15),
      lastFailureAt: at(15),
      blockedUntil: null,
    });
  });

  it("counts every one of many concurrent attempts", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => reserveAttempt(t.db, "ip:203.0.113.5", at(20), WINDOW_MS)),
    );
    expect(results.map((state) => state!.failures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await getThrottle(t.db, "ip:203.0.113.5")).toMatchObject({ failures: 10 });
  });

  it("keeps a block across failures until it is lifted, and clears a key", async () => {
    await setThrottleBlock(t.db, "user:alice", at(30));
    expect(await reserveAttempt(t.db, "user:alice", at(16), WINDOW_MS)).toMatchObject({
      failures: 2,
      blockedUntil: at(30),
    });
    await setThrottleBlock(t.db, "user:alice", null);
    expect(await getThrottle(t.db, "user:alice")).toMatchObject({ blockedUntil: null });

    await clearThrottle(t.db, "user:alice");
    expect(await getThrottle(t.db, "user:alice")).toBeUndefined();
    expect(await getThrottle(t.db, "ip:203.0.113.5")).toMatchObject({ failures: 10 });
  });

  it("with a limit, counts only below it and outside a block, and writes nothing when refusing", async () => {
    const key = "pair:ip:203.0.113.6|user:erin";
    const results = await Promise.all(
      Array.from({ length: 25 }, () => reserveAttempt(t.db, key, at(40), WINDOW_MS, 10)),
    );
    const counted = results.filter((state) => state !== undefined).map((state) => state.failures);
    expect(counted.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await getThrottle(t.db, key)).toMatchObject({ failures: 10, lastFailureAt: at(40) });
    await releaseAttempt(t.db, key);
    expect(await reserveAttempt(t.db, key, at(41), WINDOW_MS, 10)).toMatchObject({ failures: 10 });
    expect(await reserveAttempt(t.db, key, at(42), WINDOW_MS, 10)).toBeUndefined();
    // A new window counts afresh, unless a block still holds.
    await setThrottleBlock(t.db, key, at(60));
    expect(await reserveAttempt(t.db, key, at(55), WINDOW_MS, 10)).toBeUndefined();
    expect(await reserveAttempt(t.db, key, at(60), WINDOW_MS, 10)).toMatchObject({
      failures: 1,
      windowStartedAt: at(60),
    });
  });

  it("releases an attempt without going below zero", async () => {
    const key = "ip:203.0.113.7";
    await reserveAttempt(t.db, key, at(0), WINDOW_MS);
    await releaseAttempt(t.db, key);
    await releaseAttempt(t.db, key);
    expect(await getThrottle(t.db, key)).toMatchObject({ failures: 0 });
  });
});
