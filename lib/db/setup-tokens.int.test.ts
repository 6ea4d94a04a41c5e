import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { consumeSetupToken, insertSetupToken, invalidateSetupTokens } from "./setup-tokens";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";

const T0 = "2026-03-01T12:00:00.000Z";
const T1 = "2026-03-01T12:05:00.000Z";
const EXPIRES = "2026-03-01T13:00:00.000Z";
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

describe.each(TEST_DATABASES)("setup tokens on $kind", ({ open }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lets a token be used once", async () => {
    await insertSetupToken(t.db, { tokenHash: hashOf("a"), expiresAt: EXPIRES, now: T0 });
    expect(await consumeSetupToken(t.db, hashOf("a"), T1)).toBe(true);
    expect(await consumeSetupToken(t.db, hashOf("a"), T1)).toBe(false);
    const row = await t.db
      .selectFrom("setup_tokens")
      .selectAll()
      .where("token_hash", "=", hashOf("a"))
      .executeTakeFirst();
    expect(row).toEqual({ token_hash: hashOf("a"), created_at: T0, expires_at: EXPIRES, used_at: T1 });
  });

  it("lets exactly one of several concurrent uses win", async () => {
    await insertSetupToken(t.db, { tokenHash: hashOf("b"), expiresAt: EXPIRES, now: T0 });
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => consumeSetupToken(t.db, hashOf("b"), T1)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it("refuses an expired or unknown token", async () => {
    await insertSetupToken(t.db, { tokenHash: hashOf("c"), expiresAt: EXPIRES, now: T0 });
    expect(await consumeSetupToken(t.db, hashOf("c"), EXPIRES)).toBe(false);
    expect(await consumeSetupToken(t.db, hashOf("unknown"), T1)).toBe(false);
  });

  it("refuses to store a token in clear", async () => {
    await expect(insertSetupToken(t.db, { tokenHash: "the-token-itself", expiresAt: EXPIRES })).rejects.toThrow(
      /SHA-256/,
    );
  });

  it("invalidates every outstanding token", async () => {
    await insertSetupToken(t.db, { tokenHash: hashOf("d"), expiresAt: EXPIRES, now: T0 });
    // c (expired but never used) and d are outstanding.
    expect(await invalidateSetupTokens(t.db, T1)).toBe(2);
    expect(await consumeSetupToken(t.db, hashOf("d"), T1)).toBe(false);
    expect(await invalidateSetupTokens(t.db, T1)).toBe(0);
  });
});
