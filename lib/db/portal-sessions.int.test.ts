import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  deleteExpiredSessions,
  findActiveSessionByHash,
  insertSession,
  revokeSession,
  revokeUserSessions,
  touchSession,
} from "./portal-sessions";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";
import { insertUser, setUserDisabled, type User } from "./users";

const T0 = "2026-02-01T08:00:00.000Z";
const T1 = "2026-02-01T08:20:00.000Z";
const T2 = "2026-02-01T09:00:00.000Z";
const EXPIRES = "2026-02-01T20:00:00.000Z";
const AFTER_EXPIRY = "2026-02-01T20:00:00.001Z";

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");

describe.each(TEST_DATABASES)("portal sessions on $kind", ({ open }) => {
  let t: TestDatabase;
  let alice: User;
  let bob: User;
  beforeAll(async () => {
    t = await open();
    alice = await insertUser(t.db, { username: "alice", passwordHash: "h", role: "operator", now: T0 });
    bob = await insertUser(t.db, { username: "bob", passwordHash: "h", role: "viewer", now: T0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("stores a session under its hash and finds it with its user", async () => {
    const idHash = hashOf("session-1");
    const inserted = await insertSession(t.db, {
      idHash,
      userId: alice.id,
      expiresAt: EXPIRES,
      clientIp: "203.0.113.5",
      userAgent: "Firefox",
      now: T0,
    });
    expect(inserted).toEqual({
      idHash,
      userId: alice.id,
      createdAt: T0,
      lastSeenAt: T0,
      expiresAt: EXPIRES,
      clientIp: "203.0.113.5",
      userAgent: "Firefox",
      revokedAt: null,
      revokeReason: null,
    });
    expect(await findActiveSessionByHash(t.db, idHash, T1)).toEqual({
      ...inserted,
      user: { id: alice.id, username: "alice", role: "operator", disabled: false, mustChangePassword: false },
    });
    expect(await findActiveSessionByHash(t.db, hashOf("unknown"), T1)).toBeUndefined();
  });

  it("refuses anything but a SHA-256 hex digest as the key", async () => {
    await expect(
      insertSession(t.db, { idHash: "raw-session-id", userId: alice.id, expiresAt: EXPIRES }),
    ).rejects.toThrow(/SHA-256/);
  });

  it("refuses a session of an unknown user", async () => {
    await expect(
      insertSession(t.db, { idHash: hashOf("orphan"), userId: "no-such-user", expiresAt: EXPIRES }),
    ).rejects.toThrow();
  });

  it("reports the user's disabled flag rather than hiding the session", async () => {
    await setUserDisabled(t.db, alice.id, true);
    expect((await findActiveSessionByHash(t.db, hashOf("session-1"), T1))?.user.disabled).toBe(true);
    await setUserDisabled(t.db, alice.id, false);
  });

  it("touches a session and applies the idle cut-off", async () => {
    const idHash = hashOf("session-1");
    expect(await findActiveSessionByHash(t.db, idHash, T2, { idleSince: T1 })).toBeUndefined();
    expect(await touchSession(t.db, idHash, T1)).toBe(true);
    expect(await findActiveSessionByHash(t.db, idHash, T2, { idleSince: T1 })).toMatchObject({ lastSeenAt: T1 });
    expect(await touchSession(t.db, hashOf("unknown"), T1)).toBe(false);
  });

  it("does not find a session past its absolute expiry", async () => {
    expect(await findActiveSessionByHash(t.db, hashOf("session-1"), EXPIRES)).toBeUndefined();
  });

  it("revokes one session, keeping the first reason", async () => {
    const idHash = hashOf("session-2");
    await insertSession(t.db, { idHash, userId: alice.id, expiresAt: EXPIRES, now: T0 });
    expect(await revokeSession(t.db, idHash, "logout", T1)).toBe(true);
    expect(await revokeSession(t.db, idHash, "again", T2)).toBe(false);
    expect(await findActiveSessionByHash(t.db, idHash, T1)).toBeUndefined();
    expect(await touchSession(t.db, idHash, T2)).toBe(false);
    const row = await t.db
      .selectFrom("portal_sessions")
      .selectAll()
      .where("id_hash", "=", idHash)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ revoked_at: T1, revoke_reason: "logout", last_seen_at: T0 });
  });

  it("revokes all of a user's live sessions but the one named", async () => {
    const keep = hashOf("alice-keep");
    const other = hashOf("alice-other");
    await insertSession(t.db, { idHash: keep, userId: alice.id, expiresAt: EXPIRES, now: T0 });
    await insertSession(t.db, { idHash: other, userId: alice.id, expiresAt: EXPIRES, now: T0 });
    await insertSession(t.db, { idHash: hashOf("bob-1"), userId: bob.id, expiresAt: EXPIRES, now: T0 });

    // session-1 and alice-other are live; session-2 is already revoked and keeps its reason.
    expect(await revokeUserSessions(t.db, alice.id, "password changed", keep, T1)).toBe(2);
    expect(await findActiveSessionByHash(t.db, keep, T1)).toBeDefined();
    expect(await findActiveSessionByHash(t.db, other, T1)).toBeUndefined();
    expect(await findActiveSessionByHash(t.db, hashOf("bob-1"), T1)).toBeDefined();
    const revoked = await t.db
      .selectFrom("portal_sessions")
      .select(["id_hash", "revoke_reason"])
      .where("user_id", "=", alice.id)
      .orderBy("id_hash")
      .execute();
    expect(Object.fromEntries(revoked.map((row) => [row.id_hash, row.revoke_reason]))).toEqual({
      [hashOf("session-1")]: "password changed",
      [hashOf("session-2")]: "logout",
      [keep]: null,
      [other]: "password changed",
    });

    expect(await revokeUserSessions(t.db, alice.id, "disabled", undefined, T2)).toBe(1);
    expect(await findActiveSessionByHash(t.db, keep, T2)).toBeUndefined();
  });

  it("deletes expired sessions only", async () => {
    const later = "2026-02-02T20:00:00.000Z";
    await insertSession(t.db, { idHash: hashOf("long"), userId: bob.id, expiresAt: later, now: T0 });
    const before = await t.db.selectFrom("portal_sessions").select("id_hash").execute();
    expect(await deleteExpiredSessions(t.db, T2)).toBe(0);
    expect(await deleteExpiredSessions(t.db, AFTER_EXPIRY)).toBe(before.length - 1);
    const left = await t.db.selectFrom("portal_sessions").select("id_hash").execute();
    expect(left.map((row) => row.id_hash)).toEqual([hashOf("long")]);
  });
});
