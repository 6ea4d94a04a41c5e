import "server-only";

import type { Kysely } from "kysely";

import {
  clearThrottle,
  getThrottle,
  recordFailure,
  setThrottleBlock,
  type ThrottleState,
} from "@/lib/db/login-throttle";
import type { Database } from "@/lib/db/schema";
import { usernameKey } from "@/lib/db/users";

/**
 * Sign-in throttling, per account and per client address. Failures slow the answers down first
 * and block only later, and only for a short time, so a stranger hammering someone's name can
 * delay that person for minutes but never lock them out for good.
 */
export const THROTTLE_POLICY = {
  windowMs: 15 * 60_000,
  blockMs: 15 * 60_000,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  /** Failures within the window before answers slow down, and before the key is blocked. */
  account: { delayAfter: 3, blockAfter: 10 },
  // Higher: many people may share one address behind a NAT or proxy.
  address: { delayAfter: 20, blockAfter: 50 },
} as const;

export interface ThrottleKeys {
  account: string;
  address: string;
}

export function throttleKeys(username: string, clientIp: string): ThrottleKeys {
  return { account: `user:${usernameKey(username)}`, address: `ip:${clientIp}` };
}

export interface ThrottleCheck {
  /** Set when sign-in is refused outright until then. */
  blockedUntil: Date | null;
  /** Whole seconds until blockedUntil, at least 1; 0 when not blocked. */
  retryAfterSeconds: number;
  /** How long to hold back the answer to this attempt. */
  delayMs: number;
}

/** 250 ms after the threshold, doubling with each further failure, capped. */
export function delayFor(failures: number, delayAfter: number): number {
  if (failures < delayAfter) return 0;
  const { baseDelayMs, maxDelayMs } = THROTTLE_POLICY;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - delayAfter, 16));
}

function assess(state: ThrottleState | undefined, limits: { delayAfter: number }, now: Date) {
  if (!state) return { blockedUntil: null, delayMs: 0 };
  const blockedUntil = state.blockedUntil ? new Date(state.blockedUntil) : null;
  if (blockedUntil && blockedUntil > now) return { blockedUntil, delayMs: 0 };
  const windowOpen = now.getTime() - Date.parse(state.windowStartedAt) < THROTTLE_POLICY.windowMs;
  return { blockedUntil: null, delayMs: windowOpen ? delayFor(state.failures, limits.delayAfter) : 0 };
}

export async function checkThrottle(db: Kysely<Database>, keys: ThrottleKeys, now: Date): Promise<ThrottleCheck> {
  const [account, address] = await Promise.all([getThrottle(db, keys.account), getThrottle(db, keys.address)]);
  const results = [assess(account, THROTTLE_POLICY.account, now), assess(address, THROTTLE_POLICY.address, now)];
  const blocks = results.map((result) => result.blockedUntil).filter((until): until is Date => until !== null);
  const blockedUntil = blocks.length ? new Date(Math.max(...blocks.map((until) => until.getTime()))) : null;
  return {
    blockedUntil,
    retryAfterSeconds: blockedUntil ? Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000)) : 0,
    delayMs: Math.max(...results.map((result) => result.delayMs)),
  };
}

/**
 * Counts a failed sign-in against both keys, blocking a key that reached its limit. Returns the
 * end of a block this failure started, if it did (so that moment can be audited, once).
 */
export async function recordLoginFailure(db: Kysely<Database>, keys: ThrottleKeys, now: Date): Promise<Date | null> {
  const at = now.toISOString();
  const blockUntil = new Date(now.getTime() + THROTTLE_POLICY.blockMs);
  const limits = [
    [keys.account, THROTTLE_POLICY.account.blockAfter],
    [keys.address, THROTTLE_POLICY.address.blockAfter],
  ] as const;
  let blocked: Date | null = null;
  // One after the other: on SQLite the writes queue on the one connection anyway.
  for (const [key, blockAfter] of limits) {
    const state = await recordFailure(db, key, at, THROTTLE_POLICY.windowMs);
    if (state.failures >= blockAfter) {
      await setThrottleBlock(db, key, blockUntil.toISOString());
      if (state.failures === blockAfter) blocked = blockUntil;
    }
  }
  return blocked;
}

/** After a successful sign-in the account starts afresh; the address keeps its count. */
export async function clearAccountThrottle(db: Kysely<Database>, keys: ThrottleKeys): Promise<void> {
  await clearThrottle(db, keys.account);
}
