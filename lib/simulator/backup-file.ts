import "server-only";

import { createCipheriv, createDecipheriv, createHash, createHmac, scryptSync } from "node:crypto";

import type { SimKey } from "./types";

/** What goes into a key file: the system's identity and its keys (numOfBackups is not part of it). */
export interface KeyFileInput {
  storageDeviceId: string;
  keys: readonly Pick<SimKey, "keyId" | "keyType" | "createdTime">[];
  /** Zero bytes appended to the plaintext, to make big files; default 0. */
  paddingBytes?: number;
}

export const KEY_FILE_MAGIC = Buffer.from("HTCEKF01", "ascii");
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// N = 2^14 keeps one backup call around 50 ms; this is a simulator, not a vault.
const SCRYPT = { N: 2 ** 14, r: 8, p: 1 } as const;

/**
 * 32 bytes of key material. Derived, not random, so that the same keys always give the same file
 * and a test can compute the expected bytes on its own.
 */
export function keyMaterial(storageDeviceId: string, keyId: number): Buffer {
  const systemSeed = createHash("sha256").update(`simulated-storage:${storageDeviceId}`).digest();
  return createHmac("sha256", systemSeed).update(`key:${keyId}`).digest();
}

function sortedKeys(input: KeyFileInput) {
  return [...input.keys].sort((a, b) => a.keyId - b.keyId);
}

function saltFor(input: KeyFileInput): Buffer {
  const ids = sortedKeys(input)
    .map((key) => key.keyId)
    .join(",");
  return createHash("sha256")
    .update(input.storageDeviceId + ids)
    .digest()
    .subarray(0, SALT_BYTES);
}

function cipherKeyAndIv(password: string, salt: Buffer): { key: Buffer; iv: Buffer } {
  const key = scryptSync(Buffer.from(password, "utf8"), salt, 32, SCRYPT);
  const iv = createHmac("sha256", key).update("iv").digest().subarray(0, IV_BYTES);
  return { key, iv };
}

function plaintextFor(input: KeyFileInput): Buffer {
  const record = {
    format: "simulated-encryption-key-backup",
    storageDeviceId: input.storageDeviceId,
    keys: sortedKeys(input).map((key) => ({
      keyId: key.keyId,
      keyType: key.keyType,
      createdTime: key.createdTime,
      material: keyMaterial(input.storageDeviceId, key.keyId).toString("base64"),
    })),
  };
  const json = Buffer.from(JSON.stringify(record), "utf8");
  // A length prefix so that the padding can be told apart from the record when reading.
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, Buffer.alloc(input.paddingBytes ?? 0)]);
}

/**
 * The encrypted key file: magic + salt + iv + AES-256-GCM ciphertext + tag.
 * Deterministic for the same keys and password; changes when a key is added.
 */
export function buildKeyFile(input: KeyFileInput, password: string): Buffer {
  const salt = saltFor(input);
  const { key, iv } = cipherKeyAndIv(password, salt);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintextFor(input)), cipher.final()]);
  return Buffer.concat([KEY_FILE_MAGIC, salt, iv, ciphertext, cipher.getAuthTag()]);
}

export interface KeyFileContents {
  storageDeviceId: string;
  keys: { keyId: number; keyType: string; createdTime: string; material: string }[];
}

/** Decrypts a key file; throws when it is not one or the password is wrong. */
export function readKeyFile(file: Buffer, password: string): KeyFileContents {
  const headerBytes = KEY_FILE_MAGIC.length + SALT_BYTES + IV_BYTES;
  if (file.length < headerBytes + TAG_BYTES + 4 || !file.subarray(0, KEY_FILE_MAGIC.length).equals(KEY_FILE_MAGIC)) {
    throw new Error("Not a simulated encryption key file");
  }
  const salt = file.subarray(KEY_FILE_MAGIC.length, KEY_FILE_MAGIC.length + SALT_BYTES);
  const iv = file.subarray(KEY_FILE_MAGIC.length + SALT_BYTES, headerBytes);
  const { key, iv: expectedIv } = cipherKeyAndIv(password, salt);
  if (!iv.equals(expectedIv)) throw new Error("Wrong password for this key file");
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(file.subarray(file.length - TAG_BYTES));
  const plaintext = Buffer.concat([
    decipher.update(file.subarray(headerBytes, file.length - TAG_BYTES)),
    decipher.final(),
  ]);
  const length = plaintext.readUInt32BE(0);
  return JSON.parse(plaintext.subarray(4, 4 + length).toString("utf8")) as KeyFileContents;
}
