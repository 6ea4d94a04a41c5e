import { describe, expect, it } from "vitest";

import type { Actor } from "@/lib/actor";
import { AppError } from "@/lib/errors";

import { bearerToken } from "./authenticate-token";
import { checkTokenSystemScope } from "./token-request";
import { hashToken, looksLikeToken, newTokenSecret } from "./token-secret";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";

function tokenActor(systemIds: string[] | null): Actor {
  return { id: null, username: "token: t", role: "operator", clientIp: null, token: { id: "x", name: "t", systemIds } };
}

describe("service token secrets", () => {
  it("are kbp_ and 32 random bytes in base64url, hashed as SHA-256 hex", () => {
    const token = newTokenSecret();
    expect(token).toMatch(/^kbp_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    expect(newTokenSecret()).not.toBe(token);
    expect(looksLikeToken(token)).toBe(true);
    expect(looksLikeToken("kbp_short")).toBe(false);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("bearerToken", () => {
  it("reads a Bearer header, any case; another scheme or none is no bearer header", () => {
    const of = (value?: string) => bearerToken(new Headers(value === undefined ? {} : { authorization: value }));
    expect(of("Bearer kbp_abc")).toBe("kbp_abc");
    expect(of("bearer   kbp_abc ")).toBe("kbp_abc");
    expect(of("Bearer")).toBe("");
    expect(of("Basic dXNlcjpwdw==")).toBeNull();
    expect(of()).toBeNull();
  });
});

describe("checkTokenSystemScope", () => {
  it("lets a limited token reach its own systems' routes only; others and sessions are not limited", () => {
    expect(() => checkTokenSystemScope(tokenActor([A]), `/api/systems/${A}/backups`)).not.toThrow();
    expect(() => checkTokenSystemScope(tokenActor([A]), `/api/systems/${B}/backups`)).toThrow(AppError);
    expect(() => checkTokenSystemScope(tokenActor([A]), `/api/systems/${B}`)).toThrow(AppError);
    expect(() => checkTokenSystemScope(tokenActor([A]), "/api/systems/%E0%A4%A")).toThrow(AppError);
    expect(() => checkTokenSystemScope(tokenActor([A]), "/api/fleet")).not.toThrow();
    expect(() => checkTokenSystemScope(tokenActor(null), `/api/systems/${B}/backups`)).not.toThrow();
    const user: Actor = { id: "u", username: "alice", role: "operator", clientIp: null };
    expect(() => checkTokenSystemScope(user, `/api/systems/${B}/backups`)).not.toThrow();
  });
});
