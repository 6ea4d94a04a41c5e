import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "@/lib/db/audit-events";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { findUserCredentials, insertUser, type User } from "@/lib/db/users";
import { AppError } from "@/lib/http/app-error";
import { prepareAuthTestEnv } from "@/lib/test-support/auth";
import { createUser } from "./create-user";
import { hashPassword, verifyPassword } from "./passwords";
import { resolveSession, startSession } from "./sessions";
import { updateUser } from "./update-user";
import type { ChangeContext } from "./users";

const PASSWORD = "violet tractor cinnamon harbor";
const NEW_PASSWORD = "lantern quiet meadow orbit";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe.each(TEST_DATABASES)("user management on $kind", ({ open }) => {
  let t: TestDatabase;
  let passwordHash: string;
  let root: User;
  let rootContext: ChangeContext;

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    passwordHash = await hashPassword(PASSWORD);
    root = await insertUser(t.db, { username: "root", passwordHash, role: "admin" });
    rootContext = { actor: { id: root.id, username: "root", role: "admin" }, clientIp: "192.0.2.1" };
  });
  afterAll(async () => {
    await t?.close();
  });

  const latest = async (action: string) =>
    (await listAuditEvents(t.db, { limit: 500 })).events.find((event) => event.action === action);

  it("creates a user after the policy check and audits it", async () => {
    const user = await createUser(t.db, { username: "Erin", role: "operator", password: PASSWORD }, rootContext);
    expect(user).toMatchObject({ username: "Erin", role: "operator", disabled: false });
    const credentials = await findUserCredentials(t.db, "erin");
    expect(await verifyPassword(PASSWORD, credentials?.passwordHash)).toBe(true);
    expect(await latest("user.created")).toMatchObject({ actor: "root", actorUserId: root.id, targetId: user.id, detail: { role: "operator" } });

    expect((await refusal(createUser(t.db, { username: "erin", role: "viewer", password: PASSWORD }, rootContext))).status).toBe(409);
    const weak = await refusal(createUser(t.db, { username: "frank", role: "viewer", password: "frank.frank.1" }, rootContext));
    expect(weak.status).toBe(400);
    expect(weak.extra.fields?.password).toBeDefined();
  });

  it("changes roles and audits from and to", async () => {
    const user = await createUser(t.db, { username: "gina", role: "viewer", password: PASSWORD }, rootContext);
    expect((await updateUser(t.db, user.id, { role: "operator" }, rootContext)).role).toBe("operator");
    expect(await latest("user.role_changed")).toMatchObject({ targetId: user.id, detail: { from: "viewer", to: "operator" } });
  });

  it("ends a user's sessions at once when disabling them", async () => {
    const user = await insertUser(t.db, { username: "hank", passwordHash, role: "viewer" });
    const sessions = [await startSession(t.db, { userId: user.id }), await startSession(t.db, { userId: user.id })];
    const updated = await updateUser(t.db, user.id, { disabled: true }, rootContext);
    expect(updated.disabled).toBe(true);
    for (const session of sessions) expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
    expect(await latest("user.disabled")).toMatchObject({ targetId: user.id, detail: { sessionsEnded: 2 } });
    await updateUser(t.db, user.id, { disabled: false }, rootContext);
    expect(await latest("user.enabled")).toMatchObject({ targetId: user.id });
    // Enabling again does not revive the old sessions.
    for (const session of sessions) expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
  });

  it("ends a user's sessions when their password is reset, keeping the admin's own", async () => {
    const user = await insertUser(t.db, { username: "ivy", passwordHash, role: "operator" });
    const theirs = await startSession(t.db, { userId: user.id });
    await updateUser(t.db, user.id, { password: NEW_PASSWORD }, rootContext);
    expect(await resolveSession(t.db, theirs.cookieValue)).toBeNull();
    const credentials = await findUserCredentials(t.db, "ivy");
    expect(await verifyPassword(NEW_PASSWORD, credentials?.passwordHash)).toBe(true);
    expect(await verifyPassword(PASSWORD, credentials?.passwordHash)).toBe(false);
    expect(await latest("user.password_reset")).toMatchObject({ targetId: user.id, detail: { sessionsEnded: 1 } });

    const mine = await startSession(t.db, { userId: root.id });
    const other = await startSession(t.db, { userId: root.id });
    await updateUser(t.db, root.id, { password: NEW_PASSWORD }, { ...rootContext, actorSessionIdHash: mine.idHash });
    expect(await resolveSession(t.db, mine.cookieValue)).not.toBeNull();
    expect(await resolveSession(t.db, other.cookieValue)).toBeNull();
  });

  it("refuses a weak new password and changes nothing", async () => {
    const user = await insertUser(t.db, { username: "jack", passwordHash, role: "operator" });
    const session = await startSession(t.db, { userId: user.id });
    const error = await refusal(updateUser(t.db, user.id, { password: "jackjackjack", role: "viewer" }, rootContext));
    expect(error.status).toBe(400);
    expect(await resolveSession(t.db, session.cookieValue)).toMatchObject({ role: "operator" });
  });

  it("refuses a signed-in actor who is not an admin, even if a route forgot to check", async () => {
    const user = await insertUser(t.db, { username: "lou", passwordHash, role: "operator" });
    for (const role of [undefined, "viewer", "operator"] as const) {
      const actor = { id: user.id, username: "lou", role };
      expect((await refusal(updateUser(t.db, user.id, { role: "admin" }, { actor }))).status).toBe(403);
      expect((await refusal(createUser(t.db, { username: "mo", role: "admin", password: PASSWORD }, { actor }))).status).toBe(403);
    }
    expect((await findUserCredentials(t.db, "lou"))?.user.role).toBe("operator");
  });

  it("answers 404 for an unknown user", async () => {
    expect((await refusal(updateUser(t.db, "no-such-id", { role: "viewer" }, rootContext))).status).toBe(404);
  });

  it("never removes the last enabled admin, by demotion or by disabling", async () => {
    const demote = await refusal(updateUser(t.db, root.id, { role: "operator" }, rootContext));
    expect(demote.status).toBe(409);
    expect(demote.code).toBe("CONFLICT");
    expect(demote.message).toMatch(/last enabled admin/);
    expect((await refusal(updateUser(t.db, root.id, { disabled: true }, rootContext))).status).toBe(409);

    const second = await insertUser(t.db, { username: "kim", passwordHash, role: "admin" });
    // A disabled admin does not count.
    await updateUser(t.db, second.id, { disabled: true }, rootContext);
    expect((await refusal(updateUser(t.db, root.id, { role: "viewer" }, rootContext))).status).toBe(409);
    await updateUser(t.db, second.id, { disabled: false }, rootContext);
    expect((await updateUser(t.db, root.id, { role: "operator" }, rootContext)).role).toBe("operator");
    await updateUser(t.db, root.id, { role: "admin" }, { actor: { id: second.id, username: "kim", role: "admin" } });
  });

  it("lets only one of two admins demoting each other at the same moment win", async () => {
    const a = await insertUser(t.db, { username: "race-a", passwordHash, role: "admin" });
    const b = await insertUser(t.db, { username: "race-b", passwordHash, role: "admin" });
    // Leave exactly these two enabled admins.
    await updateUser(t.db, root.id, { disabled: true }, rootContext);
    const kim = await findUserCredentials(t.db, "kim");
    await updateUser(t.db, kim!.user.id, { disabled: true }, rootContext);
    const results = await Promise.allSettled([
      updateUser(t.db, a.id, { role: "viewer" }, { actor: { id: b.id, username: "race-b", role: "admin" } }),
      updateUser(t.db, b.id, { role: "viewer" }, { actor: { id: a.id, username: "race-a", role: "admin" } }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(((rejected as PromiseRejectedResult).reason as AppError).status).toBe(409);
  });
});
