import { z } from "zod";

/**
 * A SHA-256 certificate fingerprint in the spelling Node's `X509Certificate.fingerprint256` prints
 * (`AB:CD:...`, upper case). Other hex spellings (lower case, no colons, spaces) are accepted.
 */
export function normaliseFingerprint(input: string): string | null {
  const hex = input
    .replace(/^sha256[:=]\s*/i, "")
    .replace(/[\s:]/g, "")
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(":");
}

export const sha256FingerprintSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const normalised = normaliseFingerprint(value);
    if (!normalised) {
      ctx.addIssue({ code: "custom", message: "Enter a SHA-256 fingerprint: 64 hex digits, with or without colons" });
      return z.NEVER;
    }
    return normalised;
  });
