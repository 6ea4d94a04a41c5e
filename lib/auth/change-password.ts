import "server-only";

import type { Kysely } from "kysely";

import { recordAudit } from "@/lib/audit/record-audit";
import { now, nowIso, sleep } from "@/lib/clock";
import type { Database } from "@/lib/db/schema";
import { findUserCredentials, updateUserPassword } from "@/lib/db/users";
import { invalidField } from "@/lib/errors";
import type { ChangePasswordInput } from "@/lib/schemas/user";

import { checkPasswordPolicy } from "./password-policy";
import { hashPassword, verifyPassword } from "./passwords";
import { endUserSessions, type SessionUser } from "./sessions";
import { throttled } from "./sign-in";
import { recordSignInFailure, recordSignInSuccess, releaseSignIn, reserveSignIn, throttleKeys } from "./throttle";

const WRONG_CURRENT =
  "This is not your current password. Enter the one you signed in with (after a reset, the one the admin gave you).";
const SAME_AS_CURRENT = "Choose a password different from your current one.";

export interface ChangeOwnPasswordOptions {
  db: Kysely<Database>;
  /** The signed-in user, from their session (which is kept; their other sessions end). */
  user: Pick<SessionUser, "id" | "username" | "sessionIdHash" | "mustChangePassword">;
  clientIp: string;
  input: ChangePasswordInput;
}

/**
 * The signed-in user replaces their own password: the current one is checked (throttled and
 * audited like a sign-in, so a left-open session cannot be used to guess it), the new one must
 * meet the password policy and differ from it. Clears the mark an admin's reset set, ends the
 * user's other sessions, and is audited as `user.password_changed`.
 */
export async function changeOwnPassword({ db, user, clientIp, input }: ChangeOwnPasswordOptions): Promise<void> {
  if (input.newPassword === input.currentPassword) throw invalidField("newPassword", SAME_AS_CURRENT);
  const verdict = checkPasswordPolicy(input.newPassword, { username: user.username });
  if (!verdict.ok) throw invalidField("newPassword", verdict.message);

  const keys = throttleKeys(user.username, clientIp);
  const reservation = await reserveSignIn(db, keys, now());
  if (!reservation.ok) throw throttled(reservation.retryAfterSeconds);
  let matches: boolean;
  try {
    if (reservation.delayMs > 0) await sleep(reservation.delayMs);
    const credentials = await findUserCredentials(db, user.username);
    const passwordHash = credentials?.user.id === user.id ? credentials.passwordHash : undefined;
    matches = await verifyPassword(input.currentPassword, passwordHash);
  } catch (error) {
    // The password was not checked: the attempt does not count.
    await releaseSignIn(db, keys);
    throw error;
  }

  const actor = { id: user.id, username: user.username, clientIp };
  const target = { type: "user", id: user.id, label: user.username };
  if (!matches) {
    const blockedUntil = await recordSignInFailure(db, reservation, now());
    await recordAudit({
      db,
      actor,
      action: "user.password_changed",
      target,
      outcome: "failure",
      detail: blockedUntil
        ? { reason: "wrong_current_password", blockedUntil: blockedUntil.toISOString() }
        : { reason: "wrong_current_password" },
    });
    throw invalidField("currentPassword", WRONG_CURRENT);
  }
  await recordSignInSuccess(db, keys);

  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await updateUserPassword(trx, user.id, passwordHash, nowIso(), { mustChange: false });
    const sessionsEnded = await endUserSessions(trx, user.id, "password_changed", user.sessionIdHash);
    await recordAudit({
      db: trx,
      actor,
      action: "user.password_changed",
      target,
      outcome: "success",
      detail: { sessionsEnded, afterReset: user.mustChangePassword },
    });
  });
}
