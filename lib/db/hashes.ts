import "server-only";

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Guards the tables that must only ever hold hashes: a caller passing the raw session id or setup
 * token by mistake would otherwise store a live credential in clear.
 */
export function assertSha256Hex(value: string, what: string): void {
  if (!SHA256_HEX.test(value)) throw new Error(`${what} must be a lower-case SHA-256 hex digest`);
}
