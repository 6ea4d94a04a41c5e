import "server-only";

import type { Kysely } from "kysely";

import { recordAudit } from "@/lib/audit/record-audit";
import { now, sleep } from "@/lib/clock";
import type { Database } from "@/lib/db/schema";
import { findUserCredentials } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import type { Role } from "@/lib/schemas/role";

import { verifyPassword } from "./passwords";
import { startSession, type StartedSession } from "./sessions";
import { checkThrottle, clearAccountThrottle, recordLoginFailure, throttleKeys } from "./throttle";

/** One message for an unknown user, a disabled one and a wrong password: it must not tell them apart. */
export const INVALID_CREDENTIALS_MESSAGE =
  "The username or password is not correct. Check both and try again; if you forgot your password or your account may be disabled, ask an admin.";

export function invalidCredentials(): AppError {
  return new AppError("INVALID_CREDENTIALS", INVALID_CREDENTIALS_MESSAGE);
}

export function throttled(retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return new AppError(
    "THROTTLED",
    `Too many failed sign-ins for this account or from this address. Wait ${wait}, then try again; if you forgot your password, ask an admin to reset it.`,
    { retryAfterSeconds },
    { "Retry-After": String(retryAfterSeconds) },
  );
}

export interface SignInOptions {
  db: Kysely<Database>;
  username: string;
  password: string;
  /** The address the attempt comes from: throttled and audited. */
  clientIp: string;
  userAgent?: string | null;
}

export interface SignInResult {
  user: { id: string; username: string; role: Role };
  session: StartedSession;
}

/**
 * Checks a username and password and starts a session. Every refusal of a name and password
 * takes the same path (one user lookup, one scrypt run, the same writes), so neither the answer
 * nor its timing says whether the account exists or is disabled.
 */
export async function signIn({ db, username, password, clientIp, userAgent }: SignInOptions): Promise<SignInResult> {
  const keys = throttleKeys(username, clientIp);
  const check = await checkThrottle(db, keys, now());
  if (check.blockedUntil) {
    // Logged, not audited: the audit log is append-only forever, and a flood of refusals
    // would fill it. The failure that started the block is audited.
    logger.warn(
      { event: "auth.throttled", clientIp, retryAfterSeconds: check.retryAfterSeconds },
      "sign-in refused while throttled",
    );
    throw throttled(check.retryAfterSeconds);
  }
  if (check.delayMs > 0) await sleep(check.delayMs);

  const credentials = await findUserCredentials(db, username);
  const passwordMatches = await verifyPassword(password, credentials?.passwordHash);
  if (!credentials || !passwordMatches || credentials.user.disabled) {
    const blockedUntil = await recordLoginFailure(db, keys, now());
    const reason = !credentials ? "unknown_user" : !passwordMatches ? "wrong_password" : "disabled";
    await recordAudit({
      db,
      actor: { id: null, username, clientIp },
      action: "auth.login",
      target: { type: "user", id: credentials?.user.id ?? null, label: credentials?.user.username ?? username },
      outcome: "failure",
      detail: blockedUntil ? { reason, blockedUntil: blockedUntil.toISOString() } : { reason },
    });
    throw invalidCredentials();
  }

  const { user } = credentials;
  await clearAccountThrottle(db, keys);
  const session = await startSession(db, { userId: user.id, clientIp, userAgent });
  await recordAudit({
    db,
    actor: { id: user.id, username: user.username, clientIp },
    action: "auth.login",
    target: { type: "user", id: user.id, label: user.username },
    outcome: "success",
  });
  return { user: { id: user.id, username: user.username, role: user.role }, session };
}
