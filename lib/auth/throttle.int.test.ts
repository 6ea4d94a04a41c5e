import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getThrottle } from "@/lib/db/login-throttle";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";

import {
  delayFor,
  recordSignInFailure,
  recordSignInSuccess,
  releaseSignIn,
  reserveSignIn,
  THROTTLE_POLICY,
  throttleKeys,
  type ThrottleKeys,
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

  /** One attempt that fails; answers its reservation (or refusal) and any block it started. */
  async function fail(keys: ThrottleKeys, when: Date) {
    const reservation = await reserveSignIn(t.db, keys, when);
    const blockedUntil = reservation.ok ? await recordSignInFailure(t.db, reservation, when) : null;
    return { reservation, blockedUntil };
  }

  it("keys accounts case-insensitively by a hash of the name, addresses as given, and the pair of both", () => {
    const account = `user:${createHash("sha256").update("alice").digest("hex")}`;
    expect(throttleKeys("Alice", "203.0.113.5")).toEqual({
      account,
      address: "ip:203.0.113.5",
      pair: `pair:ip:203.0.113.5|${account}`,
    });
    expect(JSON.stringify(throttleKeys("hunter2-typed-as-name", "203.0.113.5"))).not.toContain("hunter2");
  });

  it("slows down after 3 failures, refuses the same address after 10, for at most 15 minutes", async () => {
    const keys = throttleKeys("bob", "198.51.100.1");
    const delays: number[] = [];
    for (let i = 1; i <= 9; i++) {
      const { reservation, blockedUntil } = await fail(keys, at(i * 1000));
      delays.push(reservation.ok ? reservation.delayMs : -1);
      expect(blockedUntil).toBeNull();
    }
    expect(delays).toEqual([0, 0, 0, 250, 500, 1000, 2000, 4000, 4000]);
    const tenth = await fail(keys, at(10_000));
    expect(tenth.blockedUntil).toEqual(at(10_000 + 15 * MINUTE));
    const refused = await reserveSignIn(t.db, keys, at(11_000));
    expect(refused).toEqual({ ok: false, refusedUntil: tenth.blockedUntil, retryAfterSeconds: 15 * 60 - 1 });
    // A refusal counts nothing.
    expect((await getThrottle(t.db, keys.pair))?.failures).toBe(10);
    expect((await getThrottle(t.db, keys.account))?.failures).toBe(10);
    // The window is over with the block, so the count starts again.
    const after = await reserveSignIn(t.db, keys, at(10_000 + 15 * MINUTE));
    expect(after).toMatchObject({ ok: true, counts: { pair: 1, account: 1 }, delayMs: 0 });
  });

  it("never refuses an account from another address: its failures only slow it, up to 4 s", async () => {
    for (let i = 0; i < 40; i++) await fail(throttleKeys("carol", `198.51.100.${i % 4}`), at(i));
    const elsewhere = await reserveSignIn(t.db, throttleKeys("carol", "192.0.2.200"), at(100));
    expect(elsewhere).toMatchObject({
      ok: true,
      counts: { pair: 1, account: 41 },
      delayMs: THROTTLE_POLICY.maxDelayMs,
    });
  });

  it("counts an attempt before its check: parallel attempts get at most the limit through", async () => {
    const keys = throttleKeys("dave", "198.51.100.30");
    const reservations = await Promise.all(Array.from({ length: 40 }, () => reserveSignIn(t.db, keys, at(0))));
    expect(reservations.filter((reservation) => reservation.ok)).toHaveLength(THROTTLE_POLICY.pair.limit);
    const refused = reservations.find((reservation) => !reservation.ok);
    // Still in flight, not yet blocked: refused until the window ends.
    expect(refused).toEqual({ ok: false, refusedUntil: at(15 * MINUTE), retryAfterSeconds: 15 * 60 });
  });

  it("on success clears the account and the pair and gives the address its attempt back", async () => {
    const keys = throttleKeys("erin", "198.51.100.13");
    for (let i = 0; i < 4; i++) await fail(keys, at(0));
    const reservation = await reserveSignIn(t.db, keys, at(1));
    expect(reservation).toMatchObject({ ok: true, counts: { address: 5 } });
    await recordSignInSuccess(t.db, keys);
    expect(await getThrottle(t.db, keys.account)).toBeUndefined();
    expect(await getThrottle(t.db, keys.pair)).toBeUndefined();
    expect((await getThrottle(t.db, keys.address))?.failures).toBe(4);
  });

  it("a released attempt (password not checked) counts nowhere", async () => {
    const keys = throttleKeys("frank", "198.51.100.14");
    const reservation = await reserveSignIn(t.db, keys, at(0));
    expect(reservation.ok).toBe(true);
    await releaseSignIn(t.db, keys);
    for (const key of [keys.account, keys.address, keys.pair]) expect((await getThrottle(t.db, key))?.failures).toBe(0);
  });

  it("blocks an address after 50 failures across any accounts, not the accounts elsewhere", async () => {
    const address = "198.51.100.99";
    const { limit, delayAfter } = THROTTLE_POLICY.address;
    for (let i = 0; i < limit - 1; i++) await fail(throttleKeys(`spray${i}`, address), at(i));
    const last = await fail(throttleKeys("someone-new", address), at(limit));
    expect(last.reservation).toMatchObject({ ok: true, delayMs: delayFor(limit - 1, delayAfter) });
    expect(last.blockedUntil).toEqual(at(limit + 15 * MINUTE));
    const refused = await reserveSignIn(t.db, throttleKeys("yet-another", address), at(limit + 1));
    expect(refused.ok).toBe(false);
    // Refused by the address: the pair's reservation was taken back.
    expect((await getThrottle(t.db, throttleKeys("yet-another", address).pair))?.failures).toBe(0);
    expect((await reserveSignIn(t.db, throttleKeys("yet-another", "192.0.2.1"), at(limit + 1))).ok).toBe(true);
  });
});
