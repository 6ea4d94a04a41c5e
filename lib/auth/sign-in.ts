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
import { recordSignInFailure, recordSignInSuccess, releaseSignIn, reserveSignIn, throttleKeys } from "./throttle";

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
    `Too many failed sign-ins from this address. Wait ${wait}, then try again; if you forgot your password, ask an admin to reset it.`,
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
  /** `mustChangePassword`: an admin reset the password; the session reaches only its change. */
  user: { id: string; username: string; role: Role; mustChangePassword: boolean };
  session: StartedSession;
}

/** Recorded instead of a typed name that names no account: it may be a password typed in the wrong box. */
export const UNKNOWN_USER = "unknown user";

/**
 * Checks a username and password and starts a session. The attempt is counted before the
 * password is checked (see ./throttle), and every refusal of a name and password takes the same
 * path (one user lookup, one scrypt run, the same writes), so neither the answer nor its timing
 * says whether the account exists or is disabled.
 */
export async function signIn({ db, username, password, clientIp, userAgent }: SignInOptions): Promise<SignInResult> {
  const keys = throttleKeys(username, clientIp);
  const reservation = await reserveSignIn(db, keys, now());
  if (!reservation.ok) {
    // Logged, not audited: the audit log is append-only forever, and a flood of refusals
    // would fill it. The failure that started the block is audited.
    logger.warn(
      { event: "auth.throttled", clientIp, retryAfterSeconds: reservation.retryAfterSeconds },
      "sign-in refused while throttled",
    );
    throw throttled(reservation.retryAfterSeconds);
  }

  let credentials: Awaited<ReturnType<typeof findUserCredentials>>;
  let passwordMatches: boolean;
  try {
    if (reservation.delayMs > 0) await sleep(reservation.delayMs);
    credentials = await findUserCredentials(db, username);
    passwordMatches = await verifyPassword(password, credentials?.passwordHash);
  } catch (error) {
    // The password was not checked (the hash queue was full, or a fault): the attempt does not count.
    await releaseSignIn(db, keys).catch((releaseError: unknown) =>
      logger.error({ event: "auth.throttle_release_failed", err: releaseError }, "could not release a sign-in attempt"),
    );
    if (error instanceof AppError && error.code === "THROTTLED") {
      logger.warn({ event: "auth.hash_queue_full", clientIp }, "sign-in refused: too many password checks at once");
    }
    throw error;
  }

  if (!credentials || !passwordMatches || credentials.user.disabled) {
    const blockedUntil = await recordSignInFailure(db, reservation, now());
    const reason = !credentials ? "unknown_user" : !passwordMatches ? "wrong_password" : "disabled";
    // Only a name that is an account's is kept; anything else may be a password typed in the wrong box.
    const name = credentials?.user.username ?? UNKNOWN_USER;
    await recordAudit({
      db,
      actor: { id: null, username: name, clientIp },
      action: "auth.login",
      target: { type: "user", id: credentials?.user.id ?? null, label: name },
      outcome: "failure",
      detail: blockedUntil ? { reason, blockedUntil: blockedUntil.toISOString() } : { reason },
    });
    throw invalidCredentials();
  }

  const { user } = credentials;
  await recordSignInSuccess(db, keys);
  const session = await startSession(db, { userId: user.id, clientIp, userAgent });
  await recordAudit({
    db,
    actor: { id: user.id, username: user.username, clientIp },
    action: "auth.login",
    target: { type: "user", id: user.id, label: user.username },
    outcome: "success",
    ...(user.mustChangePassword ? { detail: { passwordChangeRequired: true } } : {}),
  });
  const { id, username: name, role, mustChangePassword } = user;
  return { user: { id, username: name, role, mustChangePassword }, session };
}
