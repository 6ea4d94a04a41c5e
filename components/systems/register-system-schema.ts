import { z } from "zod";

import { isPlainHttp, pemCertificateSchema, registerSystemSchema } from "@/lib/schemas/system";

export const trustModeSchema = z.enum(["pin", "ca"]);
export type TrustMode = z.infer<typeof trustModeSchema>;

/** Whether the form's trust fields make a trust the server will take; issues go on the fields. */
function checkTrust(
  value: {
    baseUrl: unknown;
    trustMode: TrustMode;
    sha256Fingerprint: string;
    confirmed: boolean;
    caCertificatePem: string;
  },
  ctx: z.RefinementCtx,
): void {
  // A plain http:// address has no certificate (the server decides whether it is allowed at all).
  if (typeof value.baseUrl === "string" && isPlainHttp(value.baseUrl)) return;
  if (value.trustMode === "pin") {
    if (!value.sha256Fingerprint) {
      ctx.addIssue({
        code: "custom",
        path: ["sha256Fingerprint"],
        message: "Inspect the certificate first, then compare its fingerprint.",
      });
    } else if (!value.confirmed) {
      ctx.addIssue({
        code: "custom",
        path: ["confirmed"],
        message: "Compare the fingerprint with the one on the storage system, then tick this box.",
      });
    }
    return;
  }
  const pem = pemCertificateSchema.safeParse(value.caCertificatePem);
  if (!pem.success) {
    ctx.addIssue({
      code: "custom",
      path: ["caCertificatePem"],
      message: pem.error.issues[0]?.message ?? "Paste one certificate in PEM form.",
    });
  }
}

/**
 * The register form: the shared schema's fields, plus how the admin is establishing trust. The
 * fingerprint is set from the inspection, never typed.
 */
export const registerSystemFormSchema = z
  .object({
    name: registerSystemSchema.shape.name,
    baseUrl: registerSystemSchema.shape.baseUrl,
    storageDeviceId: registerSystemSchema.shape.storageDeviceId,
    trustMode: trustModeSchema,
    sha256Fingerprint: z.string(),
    confirmed: z.boolean(),
    caCertificatePem: z.string(),
    /** Ticked when warned that another system already uses this address (DUPLICATE_BASE_URL). */
    confirmDuplicateBaseUrl: z.boolean(),
  })
  // Run even while other fields are invalid, so the trust errors show with theirs.
  .superRefine(checkTrust, { when: (payload) => typeof payload.value === "object" && payload.value !== null });

export type RegisterSystemFormInput = z.input<typeof registerSystemFormSchema>;
export type RegisterSystemFormValues = z.output<typeof registerSystemFormSchema>;

export const REGISTER_DEFAULTS: RegisterSystemFormInput = {
  name: "",
  baseUrl: "",
  storageDeviceId: "",
  trustMode: "pin",
  sha256Fingerprint: "",
  confirmed: false,
  caCertificatePem: "",
  confirmDuplicateBaseUrl: false,
};

/**
 * The registration body (registerSystem) for what the form holds. The duplicate-address
 * confirmation is sent only while the form shows the warning it answers (`duplicateShown`).
 */
export function toRegisterBody(
  values: RegisterSystemFormValues,
  options: { duplicateShown?: boolean } = {},
): z.input<typeof registerSystemSchema> {
  const trust = isPlainHttp(values.baseUrl)
    ? undefined
    : values.trustMode === "pin"
      ? { sha256Fingerprint: values.sha256Fingerprint }
      : { caCertificatePem: values.caCertificatePem };
  return {
    name: values.name,
    baseUrl: values.baseUrl,
    ...(values.storageDeviceId ? { storageDeviceId: values.storageDeviceId } : {}),
    ...(trust ? { trust } : {}),
    ...(options.duplicateShown && values.confirmDuplicateBaseUrl ? { confirmDuplicateBaseUrl: true } : {}),
  };
}

/** Which form field an API error path (`fields` key) belongs to. */
export function registerFieldFor(apiPath: string, trustMode: TrustMode): keyof RegisterSystemFormInput | undefined {
  switch (apiPath) {
    case "name":
    case "baseUrl":
    case "storageDeviceId":
    case "confirmDuplicateBaseUrl":
      return apiPath;
    case "trust.sha256Fingerprint":
      return "sha256Fingerprint";
    case "trust.caCertificatePem":
      return "caCertificatePem";
    case "trust":
      return trustMode === "pin" ? "sha256Fingerprint" : "caCertificatePem";
    default:
      return undefined;
  }
}
