import "server-only";

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

import { passwordHashQueue } from "./hash-queue";

/**
 * scrypt as OWASP recommends for interactive sign-in: N=2^17, r=8, p=1 needs 128 MiB per hash,
 * which is the point (it makes guessing costly on GPUs), hence maxmem above Node's 32 MiB default.
 */
export const SCRYPT_PARAMS = { logN: 17, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;
const MAXMEM = 256 * 1024 * 1024;
// Hashes from the database are trusted, but a corrupt row must not make one sign-in allocate gigabytes.
const MAX_LOG_N = 20;

/**
 * A hash of a random password nobody knows, with the current parameters. Checking a password
 * against it for an unknown user costs the same scrypt run as checking a real one, so the answer
 * time does not tell whether a username exists.
 */
const DUMMY_HASH = "scrypt$17$8$1$X3pdB+q88NXhskI+hjh1RQ==$W00t9ruFY2/G8AoeGhb+tI0yaE2A1ZyDijzIhfwiNSE=";

interface ParsedHash {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

let verifications = 0;

/** How many password checks have run their scrypt in this process (tests count them). */
export function passwordVerificationCount(): number {
  return verifications;
}

/** Through the process's hash queue: throws THROTTLED at once when too many hashes wait already. */
function derive(
  password: string,
  salt: Buffer,
  keyBytes: number,
  options: ScryptOptions,
  onStart?: () => void,
): Promise<Buffer> {
  return passwordHashQueue.run(
    () =>
      new Promise((resolve, reject) => {
        onStart?.();
        scrypt(password.normalize("NFC"), salt, keyBytes, options, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseHash(encoded: string): ParsedHash | undefined {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const [salt, key] = [parts[4] ?? "", parts[5] ?? ""];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > MAX_LOG_N || r < 1 || r > 32 || p < 1 || p > 16) {
    return undefined;
  }
  if (!B64.test(salt) || !B64.test(key)) return undefined;
  const parsed = { logN, r, p, salt: Buffer.from(salt, "base64"), key: Buffer.from(key, "base64") };
  return parsed.salt.length >= 16 && parsed.key.length >= 16 ? parsed : undefined;
}

/** `scrypt$<log2 N>$<r>$<p>$<salt base64>$<key base64>`: self-describing, so parameters can grow later. */
export async function hashPassword(password: string): Promise<string> {
  const { logN, r, p, saltBytes, keyBytes } = SCRYPT_PARAMS;
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, keyBytes, { N: 2 ** logN, r, p, maxmem: MAXMEM });
  return ["scrypt", logN, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/**
 * Whether `password` matches `encoded`. Without a hash (unknown user) it checks against the
 * dummy hash and answers false, taking the same time as a real check. Throws THROTTLED (429)
 * without checking when the process's hash queue is full.
 */
export async function verifyPassword(password: string, encoded: string | undefined): Promise<boolean> {
  const parsed = parseHash(encoded ?? DUMMY_HASH) ?? parseHash(DUMMY_HASH);
  if (!parsed) return false;
  const candidate = await derive(
    password,
    parsed.salt,
    parsed.key.length,
    { N: 2 ** parsed.logN, r: parsed.r, p: parsed.p, maxmem: MAXMEM },
    () => verifications++,
  );
  const matches = timingSafeEqual(candidate, parsed.key);
  return matches && encoded !== undefined && parseHash(encoded) !== undefined;
}
