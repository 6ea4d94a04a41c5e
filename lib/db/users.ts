import "server-only";

import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";

import { isUniqueViolation } from "./errors";
import type { Database, UserRole, UsersTable } from "./schema";

export interface User {
  id: string;
  username: string;
  role: UserRole;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  passwordChangedAt: string;
  /** An admin reset the password: the user must choose a new one before anything else. */
  mustChangePassword: boolean;
}

export interface UserCredentials {
  user: User;
  passwordHash: string;
}

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`A user named ${JSON.stringify(username)} already exists (names are compared ignoring case)`);
    this.name = "UsernameTakenError";
  }
}

/** The unique key of a username: "Alice" and "alice" are the same user. */
export function usernameKey(username: string): string {
  return username.normalize("NFC").toLowerCase();
}

// Every column but password_hash, which only findUserCredentials hands out.
const USER_COLUMNS = [
  "id",
  "username",
  "role",
  "disabled",
  "created_at",
  "updated_at",
  "password_changed_at",
  "must_change_password",
] as const satisfies readonly (keyof UsersTable)[];

type UserRow = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    disabled: row.disabled !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordChangedAt: row.password_changed_at,
    mustChangePassword: row.must_change_password !== 0,
  };
}

export async function insertUser(
  db: Kysely<Database>,
  input: { username: string; passwordHash: string; role: UserRole; now?: string },
): Promise<User> {
  const now = input.now ?? new Date().toISOString();
  const row: UserRow = {
    id: randomUUID(),
    username: input.username,
    role: input.role,
    disabled: 0,
    created_at: now,
    updated_at: now,
    password_changed_at: now,
    must_change_password: 0,
  };
  try {
    await db
      .insertInto("users")
      .values({ ...row, username_key: usernameKey(input.username), password_hash: input.passwordHash })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new UsernameTakenError(input.username);
    throw error;
  }
  return toUser(row);
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<User | undefined> {
  const row = await db
    .selectFrom("users")
    .select(USER_COLUMNS)
    .where("username_key", "=", usernameKey(username))
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom("users").select(USER_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row && toUser(row);
}

/** The only way out of the database for a password hash: for checking a password at sign-in. */
export async function findUserCredentials(
  db: Kysely<Database>,
  username: string,
): Promise<UserCredentials | undefined> {
  const row = await db
    .selectFrom("users")
    .select([...USER_COLUMNS, "password_hash"])
    .where("username_key", "=", usernameKey(username))
    .executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom("users").select(USER_COLUMNS).orderBy("username_key").execute();
  return rows.map(toUser);
}

/** Returns false when no such user exists. */
export async function updateUserRole(
  db: Kysely<Database>,
  id: string,
  role: UserRole,
  now = new Date().toISOString(),
): Promise<boolean> {
  const result = await db.updateTable("users").set({ role, updated_at: now }).where("id", "=", id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Returns false when no such user exists. */
export async function setUserDisabled(
  db: Kysely<Database>,
  id: string,
  disabled: boolean,
  now = new Date().toISOString(),
): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ disabled: disabled ? 1 : 0, updated_at: now })
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Returns false when no such user exists. `mustChange`: the password is one someone else chose
 * (an admin's reset), so the user must replace it; false (the default) clears the mark.
 */
export async function updateUserPassword(
  db: Kysely<Database>,
  id: string,
  passwordHash: string,
  now = new Date().toISOString(),
  options: { mustChange?: boolean } = {},
): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({
      password_hash: passwordHash,
      password_changed_at: now,
      updated_at: now,
      must_change_password: options.mustChange ? 1 : 0,
    })
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** All users by default; narrowed for questions such as "would this leave no enabled admin?". */
export async function countUsers(
  db: Kysely<Database>,
  filter: { role?: UserRole; enabledOnly?: boolean } = {},
): Promise<number> {
  let query = db.selectFrom("users").select((eb) => eb.fn.countAll<number | string | bigint>().as("count"));
  if (filter.role !== undefined) query = query.where("role", "=", filter.role);
  if (filter.enabledOnly) query = query.where("disabled", "=", 0);
  const row = await query.executeTakeFirstOrThrow();
  // PostgreSQL's count is a bigint, which pg hands over as a string.
  return Number(row.count);
}
