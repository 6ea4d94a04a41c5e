import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { TEST_DATABASES, type TestDatabase } from "./test-databases";
import {
  countUsers,
  findUserById,
  findUserByUsername,
  findUserCredentials,
  insertUser,
  listUsers,
  setUserDisabled,
  updateUserPassword,
  updateUserRole,
  UsernameTakenError,
} from "./users";

const T0 = "2026-01-05T09:00:00.000Z";
const T1 = "2026-01-05T10:00:00.000Z";
const HASH = "scrypt$N=131072,r=8,p=1$c2FsdA$aGFzaA";

describe.each(TEST_DATABASES)("users on $kind", ({ open }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("inserts a user and finds it by any spelling of its name, without its password hash", async () => {
    const alice = await insertUser(t.db, { username: "Alice", passwordHash: HASH, role: "admin", now: T0 });
    expect(alice).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: "Alice",
      role: "admin",
      disabled: false,
      createdAt: T0,
      updatedAt: T0,
      passwordChangedAt: T0,
      mustChangePassword: false,
    });
    expect(await findUserByUsername(t.db, "alice")).toEqual(alice);
    expect(await findUserByUsername(t.db, "ALICE")).toEqual(alice);
    expect(await findUserById(t.db, alice.id)).toEqual(alice);
    expect(await findUserByUsername(t.db, "bob")).toBeUndefined();
    expect(await findUserById(t.db, "no-such-id")).toBeUndefined();
    expect(JSON.stringify(await findUserByUsername(t.db, "alice"))).not.toContain(HASH);
  });

  it("hands out the password hash only through findUserCredentials", async () => {
    const credentials = await findUserCredentials(t.db, "aLiCe");
    expect(credentials?.passwordHash).toBe(HASH);
    expect(credentials?.user.username).toBe("Alice");
    expect(await findUserCredentials(t.db, "nobody")).toBeUndefined();
  });

  it("refuses a second user whose name differs only in case", async () => {
    await expect(insertUser(t.db, { username: "ALICE", passwordHash: HASH, role: "viewer" })).rejects.toBeInstanceOf(
      UsernameTakenError,
    );
    await expect(insertUser(t.db, { username: "Alice", passwordHash: HASH, role: "viewer" })).rejects.toBeInstanceOf(
      UsernameTakenError,
    );
    expect(await countUsers(t.db)).toBe(1);
  });

  it("lists, re-roles, disables and counts users", async () => {
    const bob = await insertUser(t.db, { username: "bob", passwordHash: HASH, role: "viewer", now: T0 });
    const carol = await insertUser(t.db, { username: "Carol", passwordHash: HASH, role: "operator", now: T0 });
    expect((await listUsers(t.db)).map((user) => user.username)).toEqual(["Alice", "bob", "Carol"]);

    expect(await updateUserRole(t.db, bob.id, "admin", T1)).toBe(true);
    expect(await findUserById(t.db, bob.id)).toMatchObject({ role: "admin", updatedAt: T1, createdAt: T0 });
    expect(await countUsers(t.db, { role: "admin" })).toBe(2);

    expect(await setUserDisabled(t.db, bob.id, true, T1)).toBe(true);
    expect(await findUserById(t.db, bob.id)).toMatchObject({ disabled: true });
    expect(await countUsers(t.db, { role: "admin", enabledOnly: true })).toBe(1);
    expect(await countUsers(t.db, { enabledOnly: true })).toBe(2);
    expect(await setUserDisabled(t.db, bob.id, false, T1)).toBe(true);
    expect(await findUserById(t.db, bob.id)).toMatchObject({ disabled: false });

    expect(await updateUserRole(t.db, "no-such-id", "admin")).toBe(false);
    expect(await setUserDisabled(t.db, "no-such-id", true)).toBe(false);
    expect(await findUserById(t.db, carol.id)).toMatchObject({ role: "operator", updatedAt: T0 });
  });

  it("changes a password hash and records when", async () => {
    const alice = await findUserByUsername(t.db, "alice");
    expect(await updateUserPassword(t.db, alice!.id, "new-hash", T1)).toBe(true);
    expect((await findUserCredentials(t.db, "alice"))?.passwordHash).toBe("new-hash");
    expect(await findUserById(t.db, alice!.id)).toMatchObject({ passwordChangedAt: T1, updatedAt: T1, createdAt: T0 });
    expect(await updateUserPassword(t.db, "no-such-id", "x")).toBe(false);
  });

  it("marks a password someone else set as to be changed, and clears the mark with the next change", async () => {
    const alice = await findUserByUsername(t.db, "alice");
    expect(await updateUserPassword(t.db, alice!.id, "reset-hash", T1, { mustChange: true })).toBe(true);
    expect(await findUserById(t.db, alice!.id)).toMatchObject({ mustChangePassword: true });
    expect((await findUserCredentials(t.db, "alice"))?.user.mustChangePassword).toBe(true);
    expect(await updateUserPassword(t.db, alice!.id, "own-hash", T1)).toBe(true);
    expect(await findUserById(t.db, alice!.id)).toMatchObject({ mustChangePassword: false });
    // Only 0 and 1.
    await expect(
      t.db.updateTable("users").set({ must_change_password: 2 }).where("id", "=", alice!.id).execute(),
    ).rejects.toThrow();
  });
});
