import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { setClockForTests } from "@/lib/clock";
import { listAuditEvents } from "@/lib/db/audit-events";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { insertUser, setUserDisabled, type User } from "@/lib/db/users";
import { prepareAuthTestEnv } from "@/lib/test-support/auth";
import { ManualClock } from "@/lib/test-support/manual-clock";

import {
  clearedSessionCookie,
  endSession,
  endUserSessions,
  isHttpsRequest,
  readSessionCookie,
  resolveSession,
  sessionCookie,
  startSession,
  unsealSessionId,
} from "./sessions";

const MINUTE = 60_000;

describe("isHttpsRequest and the cookie's attributes", () => {
  const plain = new Request("http://portal.test/api/auth/login");
  // Next.js builds request.url from the client's X-Forwarded-Proto: the URL's scheme is no evidence.
  const tls = new Request("https://portal.test/api/auth/login");
  const proxied = new Request("http://portal.test/api/auth/login", { headers: { "x-forwarded-proto": "https" } });

  it("is true when the public URL is https, whatever the request says", () => {
    expect(isHttpsRequest(plain, { publicUrl: undefined, trustProxy: false })).toBe(false);
    expect(isHttpsRequest(plain, { publicUrl: "https://keys.example.com/", trustProxy: false })).toBe(true);
    expect(isHttpsRequest(plain, { publicUrl: "http://keys.example.com/", trustProxy: false })).toBe(false);
    expect(isHttpsRequest(tls, { publicUrl: undefined, trustProxy: false })).toBe(false);
  });

  it("believes X-Forwarded-Proto only behind a trusted proxy", () => {
    expect(isHttpsRequest(proxied, { publicUrl: undefined, trustProxy: false })).toBe(false);
    expect(isHttpsRequest(proxied, { publicUrl: undefined, trustProxy: true })).toBe(true);
  });

  it("is __Host-kbp_session, HttpOnly, SameSite=Strict, Path=/, Secure and without Domain over HTTPS", () => {
    expect(sessionCookie("v", { secure: true })).toEqual({
      name: "__Host-kbp_session",
      value: "v",
      httpOnly: true,
      sameSite: "strict",
      path: "/",
      secure: true,
    });
    expect(clearedSessionCookie({ secure: true })).toMatchObject({ name: "__Host-kbp_session", value: "", maxAge: 0 });
  });

  it("keeps its plain name, without Secure, over plain HTTP (loopback, demo)", () => {
    expect(sessionCookie("v", { secure: false })).toMatchObject({ name: "kbp_session", secure: false, path: "/" });
    expect(clearedSessionCookie({ secure: false }).name).toBe("kbp_session");
  });

  it("reads only the name that fits the request's scheme", () => {
    const both = "a=1; kbp_session=planted; __Host-kbp_session=Fe26.2%2Ax; b=2";
    expect(readSessionCookie(both, { secure: true })).toBe("Fe26.2*x");
    expect(readSessionCookie(both, { secure: false })).toBe("planted");
    // Over HTTPS a plain kbp_session, as a sibling subdomain could plant it, is not a session.
    expect(readSessionCookie("kbp_session=Fe26.2%2Ax", { secure: true })).toBeUndefined();
    expect(readSessionCookie("__Host-kbp_session=Fe26.2%2Ax", { secure: false })).toBeUndefined();
    expect(readSessionCookie("a=1; kbp_session=Fe26.2%2Ax; b=2", { secure: false })).toBe("Fe26.2*x");
    expect(readSessionCookie("a=1", { secure: false })).toBeUndefined();
    expect(readSessionCookie(null, { secure: true })).toBeUndefined();
  });
});

describe.each(TEST_DATABASES)("portal sessions on $kind", ({ open }) => {
  let t: TestDatabase;
  let alice: User;
  let clock: ManualClock;
  let restoreClock: () => void;

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    alice = await insertUser(t.db, { username: "alice", passwordHash: "unused", role: "operator" });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    clock = new ManualClock("2026-03-02T09:00:00.000Z");
    restoreClock = setClockForTests(clock);
  });
  afterEach(() => restoreClock());

  const expiredEvents = async () =>
    (await listAuditEvents(t.db, { limit: 500 })).items.filter((event) => event.action === "auth.session_expired");

  it("puts only a sealed random id in the cookie and only its hash in the database", async () => {
    const session = await startSession(t.db, { userId: alice.id, clientIp: "203.0.113.5", userAgent: "test" });
    const sessionId = await unsealSessionId(session.cookieValue);
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.cookieValue).not.toContain(sessionId);
    const rows = await t.db.selectFrom("portal_sessions").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(sessionId);
    expect(rows.map((row) => row.id_hash)).toContain(session.idHash);
    expect(await resolveSession(t.db, session.cookieValue)).toEqual({
      id: alice.id,
      username: "alice",
      role: "operator",
      sessionIdHash: session.idHash,
      mustChangePassword: false,
    });
  });

  it("makes a new session id every time", async () => {
    const a = await startSession(t.db, { userId: alice.id });
    const b = await startSession(t.db, { userId: alice.id });
    expect(a.idHash).not.toBe(b.idHash);
    expect(await unsealSessionId(a.cookieValue)).not.toBe(await unsealSessionId(b.cookieValue));
  });

  it("refuses tampered, foreign and empty cookies", async () => {
    const session = await startSession(t.db, { userId: alice.id });
    const tampered = session.cookieValue.slice(0, -3) + (session.cookieValue.endsWith("a") ? "bbb" : "aaa");
    expect(await resolveSession(t.db, tampered)).toBeNull();
    expect(await resolveSession(t.db, "Fe26.2**garbage")).toBeNull();
    expect(await resolveSession(t.db, "")).toBeNull();
    expect(await resolveSession(t.db, undefined)).toBeNull();
  });

  it("writes last_seen_at at most once a minute", async () => {
    const session = await startSession(t.db, { userId: alice.id });
    const lastSeen = async () =>
      (
        await t.db
          .selectFrom("portal_sessions")
          .select("last_seen_at")
          .where("id_hash", "=", session.idHash)
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    const started = await lastSeen();
    clock.advance(30_000);
    expect(await resolveSession(t.db, session.cookieValue)).not.toBeNull();
    expect(await lastSeen()).toBe(started);
    clock.advance(31_000);
    expect(await resolveSession(t.db, session.cookieValue)).not.toBeNull();
    expect(await lastSeen()).toBe(clock.now().toISOString());
  });

  it("ends a session idle for the idle timeout (30 min), and audits it once", async () => {
    const session = await startSession(t.db, { userId: alice.id });
    clock.advance(29 * MINUTE);
    expect(await resolveSession(t.db, session.cookieValue)).not.toBeNull();
    clock.advance(29 * MINUTE);
    expect(await resolveSession(t.db, session.cookieValue)).not.toBeNull();
    const before = (await expiredEvents()).length;
    clock.advance(30 * MINUTE);
    expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
    expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
    const events = await expiredEvents();
    expect(events).toHaveLength(before + 1);
    expect(events[0]).toMatchObject({
      actor: "alice",
      actorUserId: alice.id,
      outcome: "success",
      detail: { reason: "idle" },
    });
    // Activity does not bring it back.
    clock.advance(-29 * MINUTE);
    expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
  });

  it("ends a session at its absolute limit (12 h) however active, and audits it once", async () => {
    const session = await startSession(t.db, { userId: alice.id });
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      clock.advance(20 * MINUTE);
      expect(await resolveSession(t.db, session.cookieValue)).not.toBeNull();
    }
    clock.advance(20 * MINUTE);
    const before = (await expiredEvents()).length;
    expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
    expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
    const events = await expiredEvents();
    expect(events).toHaveLength(before + 1);
    expect(events[0]?.detail).toMatchObject({ reason: "absolute" });
  });

  it("ends sessions on logout, for all of a user's sessions, and for a disabled user", async () => {
    const one = await startSession(t.db, { userId: alice.id });
    const two = await startSession(t.db, { userId: alice.id });
    const three = await startSession(t.db, { userId: alice.id });
    expect(await endSession(t.db, one.idHash, "logout")).toBe(true);
    expect(await resolveSession(t.db, one.cookieValue)).toBeNull();
    expect(await resolveSession(t.db, two.cookieValue)).not.toBeNull();
    expect(await endUserSessions(t.db, alice.id, "password_changed", three.idHash)).toBeGreaterThanOrEqual(1);
    expect(await resolveSession(t.db, two.cookieValue)).toBeNull();
    expect(await resolveSession(t.db, three.cookieValue)).not.toBeNull();
    await setUserDisabled(t.db, alice.id, true);
    expect(await resolveSession(t.db, three.cookieValue)).toBeNull();
    await setUserDisabled(t.db, alice.id, false);
    expect(await resolveSession(t.db, three.cookieValue)).toBeNull();
  });
});
