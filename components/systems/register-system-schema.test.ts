import { describe, expect, it } from "vitest";

import {
  REGISTER_DEFAULTS,
  registerFieldFor,
  registerSystemFormSchema,
  toRegisterBody,
} from "./register-system-schema";

const FINGERPRINT = "72:B3:B4:2C:C9:8C:DE:62:E1:B1:2E:B2:F1:EB:55:3B:28:48:34:95:33:DC:C4:6B:20:FC:2B:07:C0:3A:C0:AA";
const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----";

function issuesOf(input: Partial<typeof REGISTER_DEFAULTS>): Record<string, string> {
  const result = registerSystemFormSchema.safeParse({ ...REGISTER_DEFAULTS, ...input });
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("registerSystemFormSchema", () => {
  const valid = { name: "VSP 1", baseUrl: "https://192.0.2.10/ConfigurationManager/" };

  it("asks for an inspection before a pin, then for the confirmation", () => {
    expect(Object.keys(issuesOf(valid))).toEqual(["sha256Fingerprint"]);
    expect(Object.keys(issuesOf({ ...valid, sha256Fingerprint: FINGERPRINT }))).toEqual(["confirmed"]);
    expect(issuesOf({ ...valid, sha256Fingerprint: FINGERPRINT, confirmed: true })).toEqual({});
  });

  it("shows the trust errors together with the other fields' errors", () => {
    expect(Object.keys(issuesOf({ baseUrl: "not a url" })).sort()).toEqual(["baseUrl", "name", "sha256Fingerprint"]);
  });

  it("checks the CA certificate only when trusting a CA", () => {
    expect(Object.keys(issuesOf({ ...valid, trustMode: "ca", caCertificatePem: "nonsense" }))).toEqual([
      "caCertificatePem",
    ]);
    expect(issuesOf({ ...valid, trustMode: "ca", caCertificatePem: PEM })).toEqual({});
  });

  it("needs no trust for a plain http:// address", () => {
    expect(issuesOf({ ...valid, baseUrl: "http://192.0.2.10/ConfigurationManager" })).toEqual({});
  });
});

describe("toRegisterBody", () => {
  const base = {
    ...REGISTER_DEFAULTS,
    name: "VSP 1",
    baseUrl: "https://192.0.2.10/ConfigurationManager",
    storageDeviceId: undefined,
  };

  it("sends the pinned fingerprint, or the CA, never both", () => {
    expect(toRegisterBody({ ...base, sha256Fingerprint: FINGERPRINT, confirmed: true, caCertificatePem: PEM })).toEqual(
      {
        name: "VSP 1",
        baseUrl: "https://192.0.2.10/ConfigurationManager",
        trust: { sha256Fingerprint: FINGERPRINT },
      },
    );
    expect(
      toRegisterBody({ ...base, trustMode: "ca", sha256Fingerprint: FINGERPRINT, caCertificatePem: PEM }).trust,
    ).toEqual({
      caCertificatePem: PEM,
    });
  });

  it("leaves out the trust for plain http and a blank storageDeviceId", () => {
    const body = toRegisterBody({
      ...base,
      baseUrl: "http://192.0.2.10/ConfigurationManager",
      storageDeviceId: undefined,
    });
    expect(body).toEqual({ name: "VSP 1", baseUrl: "http://192.0.2.10/ConfigurationManager" });
  });
});

describe("the duplicate-address confirmation", () => {
  const values = {
    ...REGISTER_DEFAULTS,
    name: "VSP 2",
    baseUrl: "http://192.0.2.10/ConfigurationManager",
    storageDeviceId: undefined,
  };

  it("is sent only when ticked while the warning shows", () => {
    const ticked = { ...values, confirmDuplicateBaseUrl: true };
    expect(toRegisterBody(ticked, { duplicateShown: true })).toMatchObject({ confirmDuplicateBaseUrl: true });
    expect(toRegisterBody(ticked)).not.toHaveProperty("confirmDuplicateBaseUrl");
    expect(toRegisterBody(values, { duplicateShown: true })).not.toHaveProperty("confirmDuplicateBaseUrl");
    expect(registerFieldFor("confirmDuplicateBaseUrl", "pin")).toBe("confirmDuplicateBaseUrl");
  });
});

describe("registerFieldFor", () => {
  it("puts the server's trust errors on the field of the chosen way", () => {
    expect(registerFieldFor("trust.sha256Fingerprint", "pin")).toBe("sha256Fingerprint");
    expect(registerFieldFor("trust", "ca")).toBe("caCertificatePem");
    expect(registerFieldFor("name", "pin")).toBe("name");
    expect(registerFieldFor("somethingElse", "pin")).toBeUndefined();
  });
});
