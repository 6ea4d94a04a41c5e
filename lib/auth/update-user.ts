import "server-only";

import type { Kysely, Transaction } from "kysely";

import type { Actor } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { nowIso } from "@/lib/clock";
import type { Database } from "@/lib/db/schema";
import {
  countUsers,
  findUserById,
  setUserDisabled,
  updateUserPassword,
  updateUserRole,
  type User,
} from "@/lib/db/users";
import { conflict, notFound } from "@/lib/errors";
import type { UpdateUserInput } from "@/lib/schemas/user";

import { assertPasswordPolicy } from "./password-policy";
import { hashPassword } from "./passwords";
import { endUserSessions } from "./sessions";
import { assertMayManageUsers } from "./users";

export interface UpdateUserOptions {
  db: Kysely<Database>;
  /** Who makes the change: an admin, or the CLI. */
  actor: Actor;
  userId: string;
  changes: UpdateUserInput;
  /** The acting session: kept when an admin changes their own password. */
  actorSessionIdHash?: string;
  /** Added to each audit row, e.g. `{ via: "cli", osUser }`. */
  auditDetail?: Record<string, unknown>;
}

const LAST_ADMIN_MESSAGE =
  "This is the last enabled admin; the portal would have nobody to manage it. Make another user an admin first, then try again.";
const SELF_DISABLE_MESSAGE = "You cannot disable your own account. If it must be disabled, ask another admin to do it.";
const ATTEMPTS = 3;

function isSerializationFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "40001";
}

async function apply(
  trx: Transaction<Database>,
  { actor, userId, changes, actorSessionIdHash, auditDetail }: UpdateUserOptions,
  passwordHash: string | undefined,
): Promise<void> {
  const user = await findUserById(trx, userId);
  if (!user) throw notFound("The user");
  const at = nowIso();
  const audit = (action: string, detail: Record<string, unknown> = {}) =>
    recordAudit({
      db: trx,
      actor,
      action,
      target: { type: "user", id: user.id, label: user.username },
      outcome: "success",
      detail: { ...detail, ...auditDetail },
    });

  const roleChanges = changes.role !== undefined && changes.role !== user.role;
  const disabledChanges = changes.disabled !== undefined && changes.disabled !== user.disabled;
  if (disabledChanges && changes.disabled && actor.id === user.id) throw conflict(SELF_DISABLE_MESSAGE);
  const removesAnAdmin =
    user.role === "admin" &&
    !user.disabled &&
    ((roleChanges && changes.role !== "admin") || (disabledChanges && changes.disabled));
  if (removesAnAdmin && (await countUsers(trx, { role: "admin", enabledOnly: true })) <= 1) {
    throw conflict(LAST_ADMIN_MESSAGE);
  }

  if (roleChanges && changes.role !== undefined) {
    await updateUserRole(trx, user.id, changes.role, at);
    await audit("user.role_changed", { from: user.role, to: changes.role });
  }
  if (disabledChanges) {
    await setUserDisabled(trx, user.id, changes.disabled === true, at);
    if (changes.disabled) {
      const sessionsEnded = await endUserSessions(trx, user.id, "user_disabled");
      await audit("user.disabled", { sessionsEnded });
    } else {
      await audit("user.enabled");
    }
  }
  if (passwordHash !== undefined) {
    const own = actor.id === user.id;
    // A password someone else chose (an admin, the CLI) must be replaced at the next sign-in.
    await updateUserPassword(trx, user.id, passwordHash, at, { mustChange: !own });
    // An admin resetting their own password keeps the session they did it from.
    const keep = own ? actorSessionIdHash : undefined;
    const sessionsEnded = await endUserSessions(trx, user.id, "password_changed", keep);
    await audit("user.password_reset", { sessionsEnded, mustChangeAtSignIn: !own });
  }
}

/**
 * Changes a user's role, enabled state and/or password in one transaction. Never leaves the
 * portal without an enabled admin: the check and the change run serializable on PostgreSQL, so
 * two admins demoting each other at once cannot both succeed. Disabling and a new password end
 * the user's sessions at once; nobody disables themselves. A password reset by anyone but the
 * user marks the account: it must be changed at the next sign-in (./change-password.ts).
 */
export async function updateUser(options: UpdateUserOptions): Promise<User> {
  const { db, actor, userId, changes } = options;
  assertMayManageUsers(actor);
  let passwordHash: string | undefined;
  if (changes.password !== undefined) {
    const user = await findUserById(db, userId);
    if (!user) throw notFound("The user");
    assertPasswordPolicy(changes.password, { username: user.username });
    passwordHash = await hashPassword(changes.password);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await db
        .transaction()
        .setIsolationLevel("serializable")
        .execute((trx) => apply(trx, options, passwordHash));
      break;
    } catch (error) {
      if (!isSerializationFailure(error)) throw error;
      if (attempt >= ATTEMPTS)
        throw conflict("Another change to users happened at the same moment. Reload and try again.");
    }
  }
  const updated = await findUserById(db, userId);
  if (!updated) throw notFound("The user");
  return updated;
}
