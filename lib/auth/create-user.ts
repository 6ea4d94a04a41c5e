import "server-only";

import type { Kysely } from "kysely";

import type { Actor } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { nowIso } from "@/lib/clock";
import type { Database } from "@/lib/db/schema";
import { findUserByUsername, insertUser, UsernameTakenError, type User } from "@/lib/db/users";
import { conflict } from "@/lib/errors";
import type { CreateUserInput } from "@/lib/schemas/user";

import { assertPasswordPolicy } from "./password-policy";
import { hashPassword } from "./passwords";
import { assertMayManageUsers } from "./users";

export interface CreateUserOptions {
  db: Kysely<Database>;
  /** Who creates the user: an admin, or the CLI. */
  actor: Actor;
  input: CreateUserInput;
  /** Added to the audit row, e.g. `{ via: "cli", osUser }`. */
  auditDetail?: Record<string, unknown>;
}

function nameTaken(username: string) {
  return conflict(`A user named "${username}" already exists (names ignore case). Choose another name.`);
}

/** Creates an enabled user after the password policy check; audited as user.created. */
export async function createUser({ db, actor, input, auditDetail }: CreateUserOptions): Promise<User> {
  assertMayManageUsers(actor);
  // Before the costly hash, so a clash answers at once.
  if (await findUserByUsername(db, input.username)) throw nameTaken(input.username);
  assertPasswordPolicy(input.password, { username: input.username });
  const passwordHash = await hashPassword(input.password);
  let user: User;
  try {
    user = await insertUser(db, { username: input.username, role: input.role, passwordHash, now: nowIso() });
  } catch (error) {
    if (error instanceof UsernameTakenError) throw nameTaken(input.username);
    throw error;
  }
  await recordAudit({
    db,
    actor,
    action: "user.created",
    target: { type: "user", id: user.id, label: user.username },
    outcome: "success",
    detail: { role: user.role, ...auditDetail },
  });
  return user;
}
