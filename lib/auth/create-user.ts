import "server-only";
import type { Kysely } from "kysely";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Database } from "@/lib/db/schema";
import { findUserByUsername, insertUser, UsernameTakenError, type User } from "@/lib/db/users";
import { conflict } from "@/lib/http/app-error";
import type { CreateUserInput } from "@/lib/schemas/user";
import { nowIso } from "./clock";
import { assertPasswordPolicy } from "./password-policy";
import { hashPassword } from "./passwords";
import { assertMayManageUsers, type ChangeContext } from "./users";

function nameTaken(username: string) {
  return conflict(`A user named "${username}" already exists (names ignore case). Choose another name.`);
}

/** Creates an enabled user after the password policy check; audited as user.created. */
export async function createUser(db: Kysely<Database>, input: CreateUserInput, context: ChangeContext): Promise<User> {
  assertMayManageUsers(context);
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
  await recordAudit(db, {
    actor: context.actor,
    clientIp: context.clientIp,
    action: "user.created",
    target: { type: "user", id: user.id, label: user.username },
    outcome: "success",
    detail: { role: user.role, ...context.auditDetail },
  });
  return user;
}
