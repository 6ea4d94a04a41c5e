import { z } from "zod";

import { backupPasswordPolicyInputSchema, backupPasswordPolicySchema } from "./backup-password";
import { sha256FingerprintSchema } from "./fingerprint";

export const SYSTEM_NAME_MAX = 80;
export const BASE_URL_MAX = 2048;
export const PEM_MAX = 64 * 1024;
export const STORAGE_CREDENTIAL_MAX = 256;

export const systemNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(SYSTEM_NAME_MAX, `Use at most ${SYSTEM_NAME_MAX} characters.`);

/**
 * `https://HOST[:PORT]/ConfigurationManager`, normalised: lower-case scheme and host, no default
 * port, no trailing slash. The shape only: whether plain http is allowed is the server's setting,
 * so a form cannot know it and the server checks it.
 */
export const baseUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the base URL, e.g. https://192.0.2.10/ConfigurationManager.")
  .max(BASE_URL_MAX, `Use at most ${BASE_URL_MAX} characters.`)
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname) {
      ctx.addIssue({
        code: "custom",
        message: "Enter an absolute https:// URL, e.g. https://192.0.2.10/ConfigurationManager.",
      });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({
        code: "custom",
        message: "Leave the user name and password out of the URL; they are asked for when needed.",
      });
      return z.NEVER;
    }
    // Checked on the text: an empty "?" or "#" leaves search and hash empty on the URL object.
    if (value.includes("?") || value.includes("#")) {
      ctx.addIssue({ code: "custom", message: "Leave out the query (?...) and fragment (#...)." });
      return z.NEVER;
    }
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  });

export function isPlainHttp(baseUrl: string): boolean {
  return baseUrl.toLowerCase().startsWith("http:");
}

/** Blank (as a form sends an empty field) counts as not given. */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

/**
 * Only for the REST API server form (`https://HOST:23451/ConfigurationManager`), where it selects
 * the system: model prefix + 6-digit serial, e.g. 936000412345. Twelve digits on most models;
 * VSP One ids carry letters (A34000810045). Leave it empty for a system's own (embedded) REST API.
 */
export const storageDeviceIdSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9]{12}$/,
    "Enter the 12 letters and digits of the storageDeviceId (model prefix + serial number, e.g. 936000412345), or leave it empty.",
  );

const PEM_BLOCK = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----$/;

/** Exactly one PEM certificate block. */
export const pemCertificateSchema = z
  .string()
  .trim()
  .max(PEM_MAX, "That is too long for one certificate.")
  .regex(PEM_BLOCK, "Paste one certificate in PEM form: -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----.")
  .transform((value) => `${value.replace(/\r\n/g, "\n")}\n`);

/**
 * How the portal is to trust the system's certificate: the SHA-256 fingerprint of the certificate
 * the admin inspected and confirmed (pinned), or the CA certificate that issued it.
 */
export const trustInputSchema = z.union([
  z.strictObject({ sha256Fingerprint: sha256FingerprintSchema }),
  z.strictObject({ caCertificatePem: pemCertificateSchema }),
]);
export type TrustInput = z.infer<typeof trustInputSchema>;

/** https needs a trust; plain http (a lab set-up the server must allow) has no certificate to trust. */
function checkTrustForScheme(
  value: { baseUrl?: string; trust?: TrustInput },
  ctx: z.RefinementCtx,
  required: boolean,
): void {
  if (value.baseUrl === undefined) return;
  if (isPlainHttp(value.baseUrl)) {
    if (value.trust !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["trust"],
        message: "A plain http:// address has no certificate to trust; leave this out.",
      });
    }
  } else if (required && value.trust === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["trust"],
      message: "Confirm the system's certificate (inspect it first) or give the CA certificate that issued it.",
    });
  }
}

export const registerSystemSchema = z
  .strictObject({
    name: systemNameSchema,
    baseUrl: baseUrlSchema,
    storageDeviceId: z.preprocess(blankToUndefined, storageDeviceIdSchema.optional()),
    trust: trustInputSchema.optional(),
    passwordPolicy: backupPasswordPolicyInputSchema.optional(),
    /** Registers even though another system uses this address (DUPLICATE_BASE_URL; ./array-address.ts). */
    confirmDuplicateBaseUrl: z.boolean().optional(),
  })
  .superRefine((value, ctx) => checkTrustForScheme(value, ctx, true));
export type RegisterSystemInput = z.infer<typeof registerSystemSchema>;

/**
 * Any subset. A new baseUrl without a new trust keeps the confirmed certificate; `storageDeviceId:
 * null` (or blank) clears it.
 */
export const updateSystemSchema = z
  .strictObject({
    name: systemNameSchema.optional(),
    baseUrl: baseUrlSchema.optional(),
    storageDeviceId: z.preprocess(blankToNull, storageDeviceIdSchema.nullable().optional()),
    trust: trustInputSchema.optional(),
    /** The storage system's own stricter backup-password rule, mirrored here; null clears it. */
    passwordPolicy: backupPasswordPolicyInputSchema.nullable().optional(),
  })
  .superRefine((value, ctx) => checkTrustForScheme(value, ctx, false))
  .refine(
    (value) =>
      value.name !== undefined ||
      value.baseUrl !== undefined ||
      value.storageDeviceId !== undefined ||
      value.trust !== undefined ||
      value.passwordPolicy !== undefined,
    { message: "Change at least one of name, baseUrl, storageDeviceId, trust or passwordPolicy." },
  );
export type UpdateSystemInput = z.infer<typeof updateSystemSchema>;

export const inspectCertificateSchema = z.strictObject({
  baseUrl: baseUrlSchema.refine(
    (value) => !isPlainHttp(value),
    "Only an https:// address has a certificate to inspect.",
  ),
});
export type InspectCertificateInput = z.infer<typeof inspectCertificateSchema>;

/** Typed for one test and forgotten: never stored, logged or echoed. */
export const testConnectionSchema = z.strictObject({
  storageUsername: z
    .string()
    .trim()
    .min(1, "Enter the storage user name.")
    .max(STORAGE_CREDENTIAL_MAX, `Use at most ${STORAGE_CREDENTIAL_MAX} characters.`),
  storagePassword: z
    .string()
    .min(1, "Enter the storage password.")
    .max(STORAGE_CREDENTIAL_MAX, `Use at most ${STORAGE_CREDENTIAL_MAX} characters.`),
});
export type TestConnectionInput = z.infer<typeof testConnectionSchema>;

/** Query of GET /api/systems. */
export const listSystemsQuerySchema = z.object({
  includeRemoved: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((value) => value === "1" || value === "true"),
});

export const systemIdParamsSchema = z.object({ id: z.uuid() });

// ---- Answers ----

/** What the certificate a system presents says about itself; a candidate until an admin confirms it. */
export const certificateFactsSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  /** ISO-8601. */
  validFrom: z.string(),
  validTo: z.string(),
  /** `AB:CD:...`, as Node's fingerprint256 prints it. */
  sha256Fingerprint: z.string(),
  pem: z.string(),
  selfSigned: z.boolean(),
  subjectAltName: z.string().optional(),
});
export type CertificateFacts = z.infer<typeof certificateFactsSchema>;

export const systemTrustSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("pin"), sha256Fingerprint: z.string(), subject: z.string(), validTo: z.string() }),
  z.object({ kind: z.literal("ca"), subject: z.string(), validTo: z.string() }),
]);
export type SystemTrust = z.infer<typeof systemTrustSchema>;

/** What the system said about itself at the last successful connection test. */
export const systemIdentitySchema = z.object({
  model: z.string(),
  serialNumber: z.number(),
  storageDeviceId: z.string().nullable(),
  /** An opaque label (e.g. "88-02-00/20", "93-06-01-80/00", "A3-04-21-40/00"); null when not reported. */
  microcode: z.string().nullable(),
  apiVersion: z.string(),
  checkedAt: z.string(),
});
export type SystemIdentity = z.infer<typeof systemIdentitySchema>;

export const systemSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  storageDeviceId: z.string().nullable(),
  /** Null for a plain-http (lab) system. */
  trust: systemTrustSchema.nullable(),
  identity: systemIdentitySchema.nullable(),
  /**
   * Set when the array answered its last key backup with 412 (it does not support the function):
   * when, and the microcode it reported. Only the array knows; nothing predicts it.
   */
  keyBackupRefusal: z.object({ at: z.string(), microcode: z.string().nullable() }).nullable(),
  /** The backup-password policy the storage system enforces, as an admin recorded it. */
  passwordPolicy: backupPasswordPolicySchema.nullable(),
  removed: z.boolean(),
  removedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SystemView = z.infer<typeof systemSchema>;

export const systemResponseSchema = z.object({ system: systemSchema });
export const systemListSchema = z.object({ systems: z.array(systemSchema) });
export const inspectCertificateResponseSchema = z.object({ certificate: certificateFactsSchema });

export const testConnectionResponseSchema = z.object({
  identity: systemIdentitySchema,
  apiVersion: z.string(),
  /** What the test found, for the user; it says nothing about key backup support, which only a backup can tell. */
  message: z.string(),
  system: systemSchema,
});
export type TestConnectionResult = z.infer<typeof testConnectionResponseSchema>;
