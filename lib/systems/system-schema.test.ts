import { describe, expect, it } from "vitest";

import { baseUrlKey, sameArrayAddress } from "@/lib/schemas/array-address";
import {
  baseUrlSchema,
  inspectCertificateSchema,
  registerSystemSchema,
  testConnectionSchema,
  updateSystemSchema,
} from "@/lib/schemas/system";

// lib/schemas/system.ts is shared with the browser form; its tests sit here with the domain.

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, "0").toUpperCase()).join(":");
const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----";

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
}

describe("baseUrlSchema", () => {
  it("normalises scheme, host, default port and trailing slashes", () => {
    expect(baseUrlSchema.parse(" HTTPS://Array.Example:443/ConfigurationManager/ ")).toBe(
      "https://array.example/ConfigurationManager",
    );
    expect(baseUrlSchema.parse("https://10.0.0.5:23451/ConfigurationManager")).toBe(
      "https://10.0.0.5:23451/ConfigurationManager",
    );
    expect(baseUrlSchema.parse("https://[2001:db8::1]/ConfigurationManager")).toBe(
      "https://[2001:db8::1]/ConfigurationManager",
    );
    expect(baseUrlSchema.parse("http://10.0.0.5/ConfigurationManager")).toBe("http://10.0.0.5/ConfigurationManager");
  });

  it.each([
    ["10.0.0.5/ConfigurationManager", /absolute https/],
    ["ftp://10.0.0.5/", /absolute https/],
    ["https://admin:secret@10.0.0.5/ConfigurationManager", /user name and password/],
    ["https://10.0.0.5/ConfigurationManager?debug=1", /query/],
    ["https://10.0.0.5/ConfigurationManager#top", /fragment/],
    ["https://10.0.0.5/ConfigurationManager?", /query/],
    ["", /Enter the base URL/],
  ])("refuses %j", (value, message) => {
    const result = baseUrlSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("does not repeat a password typed into the URL in its message", () => {
    const result = baseUrlSchema.safeParse("https://admin:secret@10.0.0.5/");
    expect(JSON.stringify(result.error?.issues)).not.toContain("secret");
  });
});

describe("registerSystemSchema", () => {
  const base = { name: "  E990  ", baseUrl: "https://10.0.0.5/ConfigurationManager" };

  it("accepts a fingerprint in any hex spelling and normalises it", () => {
    const parsed = registerSystemSchema.parse({
      ...base,
      trust: { sha256Fingerprint: FINGERPRINT.replace(/:/g, "").toLowerCase() },
    });
    expect(parsed).toEqual({ name: "E990", baseUrl: base.baseUrl, trust: { sha256Fingerprint: FINGERPRINT } });
  });

  it("accepts one PEM certificate as CA trust", () => {
    const parsed = registerSystemSchema.parse({
      ...base,
      storageDeviceId: "936000412345",
      trust: { caCertificatePem: `\n${PEM}\r\n` },
    });
    expect(parsed.trust).toEqual({ caCertificatePem: `${PEM}\n` });
    expect(parsed.storageDeviceId).toBe("936000412345");
  });

  it("treats a blank storageDeviceId as not given, and wants 12 letters and digits otherwise", () => {
    expect(
      registerSystemSchema.parse({ ...base, storageDeviceId: " ", trust: { sha256Fingerprint: FINGERPRINT } })
        .storageDeviceId,
    ).toBeUndefined();
    expect(
      messages(
        registerSystemSchema.safeParse({
          ...base,
          storageDeviceId: "93600041234",
          trust: { sha256Fingerprint: FINGERPRINT },
        }),
      ),
    ).toEqual({
      storageDeviceId: expect.stringMatching(/12 letters and digits/),
    });
    for (const id of ["936000412345", "A34000810045"]) {
      const parsed = registerSystemSchema.parse({
        ...base,
        storageDeviceId: id,
        trust: { sha256Fingerprint: FINGERPRINT },
      });
      expect(parsed.storageDeviceId).toBe(id);
    }
    expect(
      messages(
        registerSystemSchema.safeParse({
          ...base,
          storageDeviceId: "93600041234-",
          trust: { sha256Fingerprint: FINGERPRINT },
        }),
      ),
    ).toEqual({
      storageDeviceId: expect.stringMatching(/12 letters and digits/),
    });
  });

  it("wants a trust for https, none for plain http", () => {
    expect(messages(registerSystemSchema.safeParse(base))).toEqual({
      trust: expect.stringMatching(/Confirm the system's certificate/),
    });
    expect(registerSystemSchema.safeParse({ ...base, baseUrl: "http://10.0.0.5/ConfigurationManager" }).success).toBe(
      true,
    );
    expect(
      messages(
        registerSystemSchema.safeParse({
          ...base,
          baseUrl: "http://10.0.0.5/",
          trust: { sha256Fingerprint: FINGERPRINT },
        }),
      ),
    ).toEqual({ trust: expect.stringMatching(/no certificate/) });
  });

  it("refuses both trusts at once, two PEM blocks, and names over 80 characters", () => {
    expect(
      registerSystemSchema.safeParse({ ...base, trust: { sha256Fingerprint: FINGERPRINT, caCertificatePem: PEM } })
        .success,
    ).toBe(false);
    expect(registerSystemSchema.safeParse({ ...base, trust: { caCertificatePem: `${PEM}\n${PEM}` } }).success).toBe(
      false,
    );
    expect(registerSystemSchema.safeParse({ ...base, trust: { sha256Fingerprint: "AB:CD" } }).success).toBe(false);
    expect(
      messages(
        registerSystemSchema.safeParse({ ...base, name: "x".repeat(81), trust: { sha256Fingerprint: FINGERPRINT } }),
      ),
    ).toEqual({
      name: expect.stringMatching(/at most 80/),
    });
  });
});

describe("a second system at an address in use", () => {
  it("takes confirmDuplicateBaseUrl as a boolean only, and leaves it out when not sent", () => {
    const base = { name: "E990", baseUrl: "http://10.0.0.5/ConfigurationManager" };
    expect(registerSystemSchema.parse({ ...base, confirmDuplicateBaseUrl: true })).toMatchObject({
      confirmDuplicateBaseUrl: true,
    });
    expect(registerSystemSchema.parse(base)).not.toHaveProperty("confirmDuplicateBaseUrl");
    for (const value of ["true", 1, null]) {
      const result = registerSystemSchema.safeParse({ ...base, confirmDuplicateBaseUrl: value });
      expect(result.success, String(value)).toBe(false);
      expect(Object.keys(messages(result))).toEqual(["confirmDuplicateBaseUrl"]);
    }
  });

  it("compares base URLs by scheme, host in any case, port without the default, and path without trailing slashes", () => {
    const key = baseUrlKey("https://array.example/ConfigurationManager");
    for (const same of [
      "HTTPS://ARRAY.Example/ConfigurationManager",
      "https://array.example:443/ConfigurationManager/",
      " https://array.example/ConfigurationManager// ",
    ]) {
      expect(baseUrlKey(same), same).toBe(key);
    }
    for (const other of [
      "http://array.example/ConfigurationManager",
      "https://array.example:23451/ConfigurationManager",
      "https://array2.example/ConfigurationManager",
      "https://array.example/configurationmanager",
    ]) {
      expect(baseUrlKey(other), other).not.toBe(key);
    }
    expect(baseUrlKey("http://10.0.0.5:80/ConfigurationManager")).toBe(
      baseUrlKey("http://10.0.0.5/ConfigurationManager"),
    );
    expect(baseUrlKey("https://[2001:DB8::1]:443/x")).toBe(baseUrlKey("https://[2001:db8::1]/x"));
  });

  it("takes two systems behind one REST API server for other arrays when their storageDeviceIds differ", () => {
    const server = "https://10.0.0.9:23451/ConfigurationManager";
    const a = { baseUrl: server, storageDeviceId: "936000412345" };
    expect(sameArrayAddress(a, { baseUrl: `${server}/`, storageDeviceId: "936000412346" })).toBe(false);
    expect(sameArrayAddress(a, { baseUrl: server, storageDeviceId: "936000412345" })).toBe(true);
    expect(
      sameArrayAddress(
        { baseUrl: server, storageDeviceId: "a34000810045" },
        { baseUrl: server, storageDeviceId: "A34000810045" },
      ),
    ).toBe(true);
    // Without a storageDeviceId on either side, it may well be the same array.
    expect(sameArrayAddress(a, { baseUrl: server, storageDeviceId: null })).toBe(true);
    expect(sameArrayAddress({ baseUrl: server }, { baseUrl: server })).toBe(true);
    expect(sameArrayAddress(a, { baseUrl: "https://10.0.0.8:23451/ConfigurationManager", storageDeviceId: null })).toBe(
      false,
    );
  });
});

describe("updateSystemSchema", () => {
  it("takes any subset, clears storageDeviceId with null or blank, and wants at least one field", () => {
    expect(updateSystemSchema.parse({ name: "new" })).toEqual({ name: "new" });
    expect(updateSystemSchema.parse({ storageDeviceId: "" })).toEqual({ storageDeviceId: null });
    expect(updateSystemSchema.parse({ storageDeviceId: null })).toEqual({ storageDeviceId: null });
    expect(updateSystemSchema.parse({ baseUrl: "https://10.0.0.6/ConfigurationManager" })).toEqual({
      baseUrl: "https://10.0.0.6/ConfigurationManager",
    });
    expect(updateSystemSchema.safeParse({}).success).toBe(false);
    expect(updateSystemSchema.safeParse({ name: "x", removedAt: null }).success).toBe(false);
  });
});

describe("inspectCertificateSchema and testConnectionSchema", () => {
  it("inspects https addresses only", () => {
    expect(inspectCertificateSchema.safeParse({ baseUrl: "http://10.0.0.5/" }).success).toBe(false);
    expect(inspectCertificateSchema.parse({ baseUrl: "https://10.0.0.5/ConfigurationManager/" })).toEqual({
      baseUrl: "https://10.0.0.5/ConfigurationManager",
    });
  });

  it("takes the storage credentials as typed (1 to 256 characters), the password untrimmed", () => {
    expect(testConnectionSchema.parse({ storageUsername: " secadmin ", storagePassword: " pass " })).toEqual({
      storageUsername: "secadmin",
      storagePassword: " pass ",
    });
    expect(testConnectionSchema.safeParse({ storageUsername: "a", storagePassword: "" }).success).toBe(false);
    expect(testConnectionSchema.safeParse({ storageUsername: "a", storagePassword: "p".repeat(257) }).success).toBe(
      false,
    );
  });
});
