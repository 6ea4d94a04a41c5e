// Entry point of `npm run cli`. Runs with --conditions=react-server so the lib modules' "server-only" marker resolves.
import { userInfo } from "node:os";
import { parseArgs } from "node:util";

import type { Actor } from "@/lib/actor";
import { createUser } from "@/lib/auth/create-user";
import { updateUser } from "@/lib/auth/update-user";
import { getDb, type Db } from "@/lib/db/connection";
import { findUserByUsername, listUsers, type User } from "@/lib/db/users";
import { EnvError } from "@/lib/env";
import { AppError, errorMessage } from "@/lib/errors";
import { logger } from "@/lib/log";
import { roleSchema, usernameSchema, type Role, type UpdateUserInput } from "@/lib/schemas/user";

import { readPassword } from "./read-password";

const USAGE = `Usage: npm run cli -- user <command>
  user list                                   list users, their roles and status
  user add <username> --role <role>           add a user; the password is read from standard input
  user set-role <username> <role>             roles: viewer, operator, admin
  user disable <username>                     disable and sign out at once
  user enable <username>
  user reset-password <username>              the new password is read from standard input

Passwords are never taken from the command line. On a terminal you are asked twice (nothing is
shown); otherwise the first line of standard input is used, e.g.
  printf '%s\\n' "$NEW_PASSWORD" | npm run cli -- user add alice --role operator
Uses the same database as the portal (PORTAL_DATA_DIR or DATABASE_URL).`;

/** A mistake in how the command was called: usage is shown, exit code 2. */
class UsageError extends Error {}

/** The CLI runs with direct access to the database, so it acts as an admin; id null marks it in the audit log. */
const CLI_ACTOR: Actor = { id: null, username: "cli", role: "admin", clientIp: null };

/** Who acts, and what each audit row adds: that the change came through the CLI, and from which OS account. */
function cliContext(): { actor: Actor; auditDetail: Record<string, unknown> } {
  let osUser: string | undefined;
  try {
    osUser = userInfo().username;
  } catch {
    osUser = undefined;
  }
  return { actor: CLI_ACTOR, auditDetail: { via: "cli", osUser } };
}

function parseRole(value: string | undefined): Role {
  const parsed = roleSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`The role must be one of viewer, operator, admin.`);
  return parsed.data;
}

function parseUsername(value: string | undefined): string {
  if (value === undefined) throw new UsageError("Give the username.");
  const parsed = usernameSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Invalid username: ${parsed.error.issues[0]?.message ?? "not valid"}`);
  return parsed.data;
}

async function existingUser(db: Db, username: string): Promise<User> {
  const user = await findUserByUsername(db, username);
  if (!user) throw new AppError("NOT_FOUND", `No user is named "${username}". See: npm run cli -- user list`);
  return user;
}

function printUsers(users: User[]): void {
  const rows = [["USERNAME", "ROLE", "STATUS", "CREATED", "PASSWORD CHANGED"]];
  for (const user of users) {
    rows.push([
      user.username,
      user.role,
      user.disabled ? "disabled" : "enabled",
      user.createdAt,
      user.passwordChangedAt,
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    );
}

async function run(args: string[]): Promise<void> {
  if (args.some((arg) => /^--?pass/i.test(arg))) {
    throw new UsageError("Passwords are read from standard input, never from the command line.");
  }
  const { values, positionals } = parseArgs({
    args,
    options: { role: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
    strict: true,
  });
  const [group, command, ...rest] = positionals;
  if (values.help || group === undefined) {
    console.log(USAGE);
    return;
  }
  if (group !== "user") throw new UsageError(`Unknown command "${group}".`);
  const expected: Record<string, number> = {
    list: 0,
    add: 1,
    "set-role": 2,
    disable: 1,
    enable: 1,
    "reset-password": 1,
  };
  if (command === undefined || !(command in expected)) throw new UsageError(`Unknown user command "${command ?? ""}".`);
  // Extra words are not echoed: they could be a password someone tried to pass here.
  if (rest.length !== expected[command])
    throw new UsageError(`"user ${command}" takes ${expected[command]} argument(s).`);
  if (values.role !== undefined && command !== "add") throw new UsageError('--role goes with "user add" only.');

  const db = await getDb();
  try {
    const { actor, auditDetail } = cliContext();
    /** Finds the user named `username`, then applies the changes worked out for them. */
    const changeUser = async (
      username: string | undefined,
      changesFor: (user: User) => UpdateUserInput | Promise<UpdateUserInput>,
    ): Promise<User> => {
      const user = await existingUser(db, parseUsername(username));
      return updateUser({ db, actor, auditDetail, userId: user.id, changes: await changesFor(user) });
    };
    switch (command) {
      case "list":
        printUsers(await listUsers(db));
        return;
      case "add": {
        const username = parseUsername(rest[0]);
        if (values.role === undefined) throw new UsageError("Give the role with --role viewer|operator|admin.");
        const role = parseRole(values.role);
        const password = await readPassword(`Password for ${username}`);
        const user = await createUser({ db, actor, auditDetail, input: { username, role, password } });
        console.log(`Added ${user.username} as ${user.role}.`);
        return;
      }
      case "set-role": {
        const updated = await changeUser(rest[0], () => ({ role: parseRole(rest[1]) }));
        console.log(`${updated.username} is now ${updated.role}.`);
        return;
      }
      case "disable":
      case "enable": {
        const updated = await changeUser(rest[0], () => ({ disabled: command === "disable" }));
        console.log(`${updated.username} is ${updated.disabled ? "disabled; their sessions have ended" : "enabled"}.`);
        return;
      }
      case "reset-password": {
        const user = await changeUser(rest[0], async ({ username }) => ({
          password: await readPassword(`New password for ${username}`),
        }));
        console.log(`The password of ${user.username} is reset; their sessions have ended.`);
        return;
      }
    }
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  // Audit lines go to the database; the log would only clutter the command's own output.
  logger.level = process.env.LOG_LEVEL ?? "warn";
  try {
    await run(process.argv.slice(2));
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      console.error(`error: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof AppError || error instanceof EnvError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(`error: ${errorMessage(error)}`);
      process.exitCode = 1;
    }
  }
}

await main();
