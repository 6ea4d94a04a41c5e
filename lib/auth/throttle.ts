import "server-only";

import { createHash } from "node:crypto";
import type { Kysely } from "kysely";

import {
  clearThrottle,
  getThrottle,
  releaseAttempt,
  reserveAttempt,
  setThrottleBlock,
  type ThrottleState,
} from "@/lib/db/login-throttle";
import type { Database } from "@/lib/db/schema";
import { usernameKey } from "@/lib/db/users";

/**
 * Sign-in throttling. Hard limits apply per (account, address) and per address, so guessing is
 * bounded per address, while an account's own failures only slow its answers down (capped): a
 * stranger hammering someone's name from elsewhere can never lock that person out.
 *
 * Every attempt is counted in the database before its password is checked, so parallel attempts
 * (on any number of portal instances) cannot all slip under a limit; a right password takes its
 * attempt back.
 */
export const THROTTLE_POLICY = {
  windowMs: 15 * 60_000,
  /** How long a key that reached its limit stays refused, from the failure that reached it. */
  blockMs: 15 * 60_000,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  /** Password checks per account and address within the window; then refused. */
  pair: { limit: 10 },
  /** Per address, across accounts: higher, as many people may share one address behind a NAT or proxy. */
  address: { delayAfter: 20, limit: 50 },
  /** Per account, whatever the address: failures before answers slow down. Never refused. */
  account: { delayAfter: 3 },
} as const;

export interface ThrottleKeys {
  account: string;
  address: string;
  /** The account from this address. */
  pair: string;
}

export function throttleKeys(username: string, clientIp: string): ThrottleKeys {
  // Hashed: a password typed into the username box must not sit in the table as typed.
  const account = `user:${createHash("sha256").update(usernameKey(username)).digest("hex")}`;
  const address = addressKey(clientIp);
  return { account, address, pair: `pair:${address}|${account}` };
}

function addressKey(clientIp: string): string {
  return `ip:${clientIp}`;
}

/** 250 ms after the threshold, doubling with each further failure, capped. */
export function delayFor(failures: number, delayAfter: number): number {
  if (failures < delayAfter) return 0;
  const { baseDelayMs, maxDelayMs } = THROTTLE_POLICY;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - delayAfter, 16));
}

export type SignInReservation =
  | {
      ok: true;
      keys: ThrottleKeys;
      /** This attempt's number in the window of each key (1 for the first). */
      counts: { pair: number; address: number; account: number };
      /** How long to hold back the answer to this attempt. */
      delayMs: number;
    }
  | {
      ok: false;
      /** Until when the refusal lasts, and the whole seconds until then (at least 1). */
      refusedUntil: Date;
      retryAfterSeconds: number;
    };

function refusedUntil(state: ThrottleState | undefined, now: Date): Date {
  const blocked = state?.blockedUntil ? Date.parse(state.blockedUntil) : 0;
  const windowEnds = state ? Date.parse(state.windowStartedAt) + THROTTLE_POLICY.windowMs : 0;
  return new Date(Math.max(blocked, windowEnds, now.getTime() + 1000));
}

async function refusal(db: Kysely<Database>, key: string, now: Date): Promise<SignInReservation> {
  const until = refusedUntil(await getThrottle(db, key), now);
  return {
    ok: false,
    refusedUntil: until,
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  };
}

/**
 * Counts an attempt before its password is checked: refused when the account from this address,
 * or the address, has reached its limit (then nothing is counted), else counted on all three keys.
 */
export async function reserveSignIn(db: Kysely<Database>, keys: ThrottleKeys, now: Date): Promise<SignInReservation> {
  const at = now.toISOString();
  const { windowMs, pair: pairLimits, address: addressLimits, account: accountLimits } = THROTTLE_POLICY;
  const pair = await reserveAttempt(db, keys.pair, at, windowMs, pairLimits.limit);
  if (!pair) return refusal(db, keys.pair, now);
  const address = await reserveAttempt(db, keys.address, at, windowMs, addressLimits.limit);
  if (!address) {
    await releaseAttempt(db, keys.pair);
    return refusal(db, keys.address, now);
  }
  const account = await reserveAttempt(db, keys.account, at, windowMs);
  if (!account) throw new Error("an unlimited throttle reservation returned nothing");
  const counts = { pair: pair.failures, address: address.failures, account: account.failures };
  return {
    ok: true,
    keys,
    counts,
    delayMs: Math.max(
      delayFor(counts.account - 1, accountLimits.delayAfter),
      delayFor(counts.address - 1, addressLimits.delayAfter),
    ),
  };
}

/**
 * The reserved attempt failed: it stays counted. A failure that brings a key to its limit blocks
 * it; returns the end of a block this failure started, if it did (so that moment is audited once).
 */
export async function recordSignInFailure(
  db: Kysely<Database>,
  reservation: Extract<SignInReservation, { ok: true }>,
  now: Date,
): Promise<Date | null> {
  const blockUntil = new Date(now.getTime() + THROTTLE_POLICY.blockMs);
  let blocked: Date | null = null;
  const limited = [
    [reservation.keys.pair, reservation.counts.pair, THROTTLE_POLICY.pair.limit],
    [reservation.keys.address, reservation.counts.address, THROTTLE_POLICY.address.limit],
  ] as const;
  for (const [key, count, limit] of limited) {
    if (count < limit) continue;
    await setThrottleBlock(db, key, blockUntil.toISOString());
    blocked = blockUntil;
  }
  return blocked;
}

/** The password was right: the account starts afresh, and the address gets its attempt back. */
export async function recordSignInSuccess(db: Kysely<Database>, keys: ThrottleKeys): Promise<void> {
  await clearThrottle(db, keys.account);
  await clearThrottle(db, keys.pair);
  await releaseAttempt(db, keys.address);
}

/** The password was not checked after all (the portal was too busy, or failed): nothing is counted. */
export async function releaseSignIn(db: Kysely<Database>, keys: ThrottleKeys): Promise<void> {
  for (const key of [keys.pair, keys.address, keys.account]) await releaseAttempt(db, key);
}

/**
 * For credentials that name no account (service tokens): only the per-address limit applies.
 * The seconds the address stays refused, or null while it may try; asking counts nothing.
 */
export async function addressRefusedFor(db: Kysely<Database>, clientIp: string, now: Date): Promise<number | null> {
  const state = await getThrottle(db, addressKey(clientIp));
  if (!state) return null;
  const blocked = state.blockedUntil !== null && Date.parse(state.blockedUntil) > now.getTime();
  const windowEnds = Date.parse(state.windowStartedAt) + THROTTLE_POLICY.windowMs;
  const full = state.failures >= THROTTLE_POLICY.address.limit && windowEnds > now.getTime();
  if (!blocked && !full) return null;
  const until = refusedUntil(state, now);
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** Counts a refused credential against its address; the failure that reaches the limit blocks it. */
export async function recordAddressFailure(db: Kysely<Database>, clientIp: string, now: Date): Promise<void> {
  const key = addressKey(clientIp);
  const { windowMs, blockMs, address } = THROTTLE_POLICY;
  const state = await reserveAttempt(db, key, now.toISOString(), windowMs, address.limit);
  if (state && state.failures >= address.limit) {
    await setThrottleBlock(db, key, new Date(now.getTime() + blockMs).toISOString());
  }
}
