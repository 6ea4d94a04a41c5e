import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { userActor, type Actor } from "@/lib/actor";
import { listAuditEvents } from "@/lib/db/audit-events";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { findUserCredentials, insertUser, type User } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/schemas/role";
import { refusal } from "@/lib/test-support/assertions";
import { prepareAuthTestEnv } from "@/lib/test-support/auth";

import { createUser } from "./create-user";
import { hashPassword, verifyPassword } from "./passwords";
import { resolveSession, startSession } from "./sessions";
import { updateUser } from "./update-user";

const PASSWORD = "violet tractor cinnamon harbor";
const NEW_PASSWORD = "lantern quiet meadow orbit";

describe.each(TEST_DATABASES)("user management on $kind", ({ open }) => {
  let t: TestDatabase;
  let passwordHash: string;
  let root: User;
  let rootActor: Actor;

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    passwordHash = await hashPassword(PASSWORD);
    root = await insertUser(t.db, { username: "root", passwordHash, role: "admin" });
    rootActor = { id: root.id, username: "root", role: "admin", clientIp: "192.0.2.1" };
  });
  afterAll(async () => {
    await t?.close();
  });

  const latest = async (action: string) =>
    (await listAuditEvents(t.db, { limit: 500 })).items.find((event) => event.action === action);

  it("creates a user after the policy check and audits it", async () => {
    const user = await createUser({
      db: t.db,
      actor: rootActor,
      input: { username: "Erin", role: "operator", password: PASSWORD },
    });
    expect(user).toMatchObject({ username: "Erin", role: "operator", disabled: false });
    const credentials = await findUserCredentials(t.db, "erin");
    expect(await verifyPassword(PASSWORD, credentials?.passwordHash)).toBe(true);
    expect(await latest("user.created")).toMatchObject({
      actor: "root",
      actorUserId: root.id,
      targetId: user.id,
      detail: { role: "operator" },
    });

    const taken = await refusal(
      createUser({ db: t.db, actor: rootActor, input: { username: "erin", role: "viewer", password: PASSWORD } }),
    );
    expect(taken.status).toBe(409);
    const weak = await refusal(
      createUser({
        db: t.db,
        actor: rootActor,
        input: { username: "frank", role: "viewer", password: "frank.frank.1" },
      }),
    );
    expect(weak.status).toBe(400);
    expect(weak.extra.fields?.password).toBeDefined();
  });

  it("changes roles and audits from and to", async () => {
    const user = await createUser({
      db: t.db,
      actor: rootActor,
      input: { username: "gina", role: "viewer", password: PASSWORD },
    });
    expect(
      (await updateUser({ db: t.db, actor: rootActor, userId: user.id, changes: { role: "operator" } })).role,
    ).toBe("operator");
    expect(await latest("user.role_changed")).toMatchObject({
      targetId: user.id,
      detail: { from: "viewer", to: "operator" },
    });
  });

  it("ends a user's sessions at once when disabling them", async () => {
    const user = await insertUser(t.db, { username: "hank", passwordHash, role: "viewer" });
    const sessions = [await startSession(t.db, { userId: user.id }), await startSession(t.db, { userId: user.id })];
    const updated = await updateUser({ db: t.db, actor: rootActor, userId: user.id, changes: { disabled: true } });
    expect(updated.disabled).toBe(true);
    for (const session of sessions) expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
    expect(await latest("user.disabled")).toMatchObject({ targetId: user.id, detail: { sessionsEnded: 2 } });
    await updateUser({ db: t.db, actor: rootActor, userId: user.id, changes: { disabled: false } });
    expect(await latest("user.enabled")).toMatchObject({ targetId: user.id });
    // Enabling again does not revive the old sessions.
    for (const session of sessions) expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
  });

  it("ends a user's sessions when their password is reset, keeping the admin's own", async () => {
    const user = await insertUser(t.db, { username: "ivy", passwordHash, role: "operator" });
    const theirs = await startSession(t.db, { userId: user.id });
    await updateUser({ db: t.db, actor: rootActor, userId: user.id, changes: { password: NEW_PASSWORD } });
    expect(await resolveSession(t.db, theirs.cookieValue)).toBeNull();
    const credentials = await findUserCredentials(t.db, "ivy");
    expect(await verifyPassword(NEW_PASSWORD, credentials?.passwordHash)).toBe(true);
    expect(await verifyPassword(PASSWORD, credentials?.passwordHash)).toBe(false);
    expect(await latest("user.password_reset")).toMatchObject({ targetId: user.id, detail: { sessionsEnded: 1 } });

    const mine = await startSession(t.db, { userId: root.id });
    const other = await startSession(t.db, { userId: root.id });
    const changes = { password: NEW_PASSWORD };
    await updateUser({ db: t.db, actor: rootActor, userId: root.id, changes, actorSessionIdHash: mine.idHash });
    expect(await resolveSession(t.db, mine.cookieValue)).not.toBeNull();
    expect(await resolveSession(t.db, other.cookieValue)).toBeNull();
  });

  it("marks a password someone else reset as to be changed at next sign-in, not one's own", async () => {
    const user = await insertUser(t.db, { username: "kit", passwordHash, role: "operator" });
    expect(user.mustChangePassword).toBe(false);
    const reset = await updateUser({
      db: t.db,
      actor: rootActor,
      userId: user.id,
      changes: { password: NEW_PASSWORD },
    });
    expect(reset.mustChangePassword).toBe(true);
    expect(await latest("user.password_reset")).toMatchObject({
      targetId: user.id,
      detail: { mustChangeAtSignIn: true },
    });
    const session = await startSession(t.db, { userId: user.id });
    expect(await resolveSession(t.db, session.cookieValue)).toMatchObject({ id: user.id, mustChangePassword: true });

    // The CLI (no id) is someone else too; an admin's own reset is not.
    const cli: Actor = { id: null, username: "cli", role: "admin", clientIp: null };
    const byCli = await updateUser({ db: t.db, actor: cli, userId: root.id, changes: { password: PASSWORD } });
    expect(byCli.mustChangePassword).toBe(true);
    const own = await updateUser({ db: t.db, actor: rootActor, userId: root.id, changes: { password: NEW_PASSWORD } });
    expect(own.mustChangePassword).toBe(false);
  });

  it("refuses an admin disabling their own account, whatever other admins there are", async () => {
    const other = await insertUser(t.db, { username: "lee", passwordHash, role: "admin" });
    const leeActor = userActor(other, "192.0.2.9");
    const error = await refusal(
      updateUser({ db: t.db, actor: leeActor, userId: other.id, changes: { disabled: true } }),
    );
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/cannot disable your own account/);
    expect((await findUserCredentials(t.db, "lee"))?.user.disabled).toBe(false);
    await updateUser({ db: t.db, actor: rootActor, userId: other.id, changes: { disabled: true } });
    expect((await findUserCredentials(t.db, "lee"))?.user.disabled).toBe(true);
  });

  it("refuses a weak new password and changes nothing", async () => {
    const user = await insertUser(t.db, { username: "jack", passwordHash, role: "operator" });
    const session = await startSession(t.db, { userId: user.id });
    const error = await refusal(
      updateUser({
        db: t.db,
        actor: rootActor,
        userId: user.id,
        changes: { password: "jackjackjack", role: "viewer" },
      }),
    );
    expect(error.status).toBe(400);
    expect(await resolveSession(t.db, session.cookieValue)).toMatchObject({ role: "operator" });
  });

  it("refuses a signed-in actor who is not an admin, even if a route forgot to check", async () => {
    const user = await insertUser(t.db, { username: "lou", passwordHash, role: "operator" });
    for (const role of [undefined, "viewer", "operator"] as const) {
      // `role as Role`: a caller outside the type checks, passing no role at all, is refused too.
      const actor: Actor = { id: user.id, username: "lou", role: role as Role, clientIp: null };
      expect((await refusal(updateUser({ db: t.db, actor, userId: user.id, changes: { role: "admin" } }))).status).toBe(
        403,
      );
      const created = createUser({ db: t.db, actor, input: { username: "mo", role: "admin", password: PASSWORD } });
      expect((await refusal(created)).status).toBe(403);
    }
    expect((await findUserCredentials(t.db, "lou"))?.user.role).toBe("operator");
  });

  it("answers 404 for an unknown user", async () => {
    expect(
      (await refusal(updateUser({ db: t.db, actor: rootActor, userId: "no-such-id", changes: { role: "viewer" } })))
        .status,
    ).toBe(404);
  });

  it("never removes the last enabled admin, by demotion or by disabling", async () => {
    const demote = await refusal(
      updateUser({ db: t.db, actor: rootActor, userId: root.id, changes: { role: "operator" } }),
    );
    expect(demote.status).toBe(409);
    expect(demote.code).toBe("CONFLICT");
    expect(demote.message).toMatch(/last enabled admin/);
    expect(
      (await refusal(updateUser({ db: t.db, actor: rootActor, userId: root.id, changes: { disabled: true } }))).status,
    ).toBe(409);

    const second = await insertUser(t.db, { username: "kim", passwordHash, role: "admin" });
    // A disabled admin does not count.
    await updateUser({ db: t.db, actor: rootActor, userId: second.id, changes: { disabled: true } });
    expect(
      (await refusal(updateUser({ db: t.db, actor: rootActor, userId: root.id, changes: { role: "viewer" } }))).status,
    ).toBe(409);
    await updateUser({ db: t.db, actor: rootActor, userId: second.id, changes: { disabled: false } });
    expect(
      (await updateUser({ db: t.db, actor: rootActor, userId: root.id, changes: { role: "operator" } })).role,
    ).toBe("operator");
    await updateUser({ db: t.db, actor: userActor(second, null), userId: root.id, changes: { role: "admin" } });
  });

  it("lets only one of two admins demoting each other at the same moment win", async () => {
    const a = await insertUser(t.db, { username: "race-a", passwordHash, role: "admin" });
    const b = await insertUser(t.db, { username: "race-b", passwordHash, role: "admin" });
    // Leave exactly these two enabled admins.
    // Nobody disables themselves: another admin does it.
    await updateUser({ db: t.db, actor: userActor(a, null), userId: root.id, changes: { disabled: true } });
    const kim = await findUserCredentials(t.db, "kim");
    await updateUser({ db: t.db, actor: rootActor, userId: kim!.user.id, changes: { disabled: true } });
    const results = await Promise.allSettled([
      updateUser({ db: t.db, actor: userActor(b, null), userId: a.id, changes: { role: "viewer" } }),
      updateUser({ db: t.db, actor: userActor(a, null), userId: b.id, changes: { role: "viewer" } }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(((rejected as PromiseRejectedResult).reason as AppError).status).toBe(409);
  });
});
