import "server-only";

import { createHash, randomBytes } from "node:crypto";

/** Every service token starts so, which lets secret scanners and people recognise one. */
export const TOKEN_PREFIX = "kbp_";
const TOKEN_BYTES = 32;
/** The shape of a token this portal issues: the prefix and at least 32 bytes, base64url. */
const TOKEN_PATTERN = /^kbp_[A-Za-z0-9_-]{43,128}$/;

export function newTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString("base64url")}`;
}

/** What the database keeps instead of the token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function looksLikeToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}
