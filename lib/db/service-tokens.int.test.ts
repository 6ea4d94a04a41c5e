import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  findServiceTokenByHash,
  insertServiceToken,
  listActiveServiceTokens,
  revokeServiceToken,
  touchServiceToken,
} from "./service-tokens";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";

const T0 = "2026-03-02T09:00:00.000Z";
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe.each(TEST_DATABASES)("service_tokens on $kind", ({ open }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  const token = (id: string, name: string, hash: string) => ({
    id,
    name,
    role: "operator" as const,
    tokenHash: hash,
    systemIds: ["s1", "s2"],
    createdBy: null,
    createdAt: T0,
    expiresAt: null,
  });

  it("keeps names unique among active tokens, hashes unique, system ids as a list", async () => {
    await insertServiceToken(t.db, token("a", "bot", "a".repeat(64)));
    await expect(insertServiceToken(t.db, token("b", "bot", "b".repeat(64)))).rejects.toThrow();
    await expect(insertServiceToken(t.db, token("c", "other", "a".repeat(64)))).rejects.toThrow();
    expect(await findServiceTokenByHash(t.db, "a".repeat(64))).toMatchObject({ id: "a", systemIds: ["s1", "s2"] });
    expect(await revokeServiceToken(t.db, "a", at(1))).toMatchObject({ revokedAt: at(1) });
    expect(await revokeServiceToken(t.db, "a", at(2))).toBeUndefined();
    await insertServiceToken(t.db, token("b", "bot", "b".repeat(64)));
    expect((await listActiveServiceTokens(t.db)).map((row) => row.id)).toEqual(["b"]);
  });

  it("stamps the last use at most once a minute", async () => {
    await insertServiceToken(t.db, token("d", "stamped", "d".repeat(64)));
    const stamp = (ms: number) => touchServiceToken(t.db, "d", at(ms), at(ms - 60_000));
    const lastUsed = async () => (await findServiceTokenByHash(t.db, "d".repeat(64)))?.lastUsedAt;
    await stamp(0);
    expect(await lastUsed()).toBe(at(0));
    await stamp(59_000);
    expect(await lastUsed()).toBe(at(0));
    await stamp(61_000);
    expect(await lastUsed()).toBe(at(61_000));
  });
});
