import { describe, expect, it } from "vitest";

import { hashPassword, SCRYPT_PARAMS, verifyPassword } from "./passwords";

const PASSWORD = "violet tractor cinnamon harbor";

describe("password hashing", () => {
  it("encodes scrypt with N=2^17, r=8, p=1, a 16-byte salt and a 32-byte key", async () => {
    const encoded = await hashPassword(PASSWORD);
    const match = /^scrypt\$17\$8\$1\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(encoded);
    expect(match).not.toBeNull();
    expect(Buffer.from(match![1]!, "base64")).toHaveLength(16);
    expect(Buffer.from(match![2]!, "base64")).toHaveLength(32);
    expect(SCRYPT_PARAMS).toMatchObject({ logN: 17, r: 8, p: 1 });
    expect(encoded).not.toContain(PASSWORD);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const encoded = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, encoded)).toBe(true);
    expect(await verifyPassword(`${PASSWORD} `, encoded)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
  });

  it("treats canonically equal Unicode spellings as the same password", async () => {
    const composed = "caf\u00e9 amiral bateau lune";
    const encoded = await hashPassword(composed);
    expect(await verifyPassword("cafe\u0301 amiral bateau lune", encoded)).toBe(true);
  });

  it("answers false, after the same work, for an unknown user (no hash) or a malformed hash", async () => {
    expect(await verifyPassword(PASSWORD, undefined)).toBe(false);
    expect(await verifyPassword(PASSWORD, "plain-text")).toBe(false);
    expect(await verifyPassword(PASSWORD, "scrypt$30$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==")).toBe(
      false,
    );
  });
});
