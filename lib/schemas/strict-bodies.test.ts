import { describe, expect, it } from "vitest";
import type { z } from "zod";

import { backupVerificationRequestSchema } from "./backup";
import { backupRequestSchema } from "./backup-password";
import { keyCheckRequestSchema } from "./key-check";
import { updateSettingsSchema } from "./settings";
import { inspectCertificateSchema, registerSystemSchema, testConnectionSchema, updateSystemSchema } from "./system";
import { createTokenSchema } from "./token";
import { createUserSchema, loginSchema, setupSchema, updateUserSchema } from "./user";

const FINGERPRINT = Array.from({ length: 32 }, () => "AB").join(":");
const BASE_URL = "https://192.0.2.10/ConfigurationManager";
const PASSWORD = "violet tractor cinnamon harbor";

/** Every request body schema, with a body it takes. */
const BODIES: { name: string; schema: z.ZodType; valid: Record<string, unknown> }[] = [
  { name: "login", schema: loginSchema, valid: { username: "alice", password: PASSWORD } },
  { name: "setup", schema: setupSchema, valid: { token: "t", username: "alice", password: PASSWORD } },
  { name: "create user", schema: createUserSchema, valid: { username: "alice", role: "viewer", password: PASSWORD } },
  { name: "update user", schema: updateUserSchema, valid: { disabled: true } },
  { name: "create token", schema: createTokenSchema, valid: { name: "ci", role: "operator", expiresInDays: 30 } },
  { name: "settings", schema: updateSettingsSchema, valid: { backupIntervalDays: 30 } },
  {
    name: "register system",
    schema: registerSystemSchema,
    valid: {
      name: "VSP",
      baseUrl: BASE_URL,
      trust: { sha256Fingerprint: FINGERPRINT },
      passwordPolicy: { minDigits: 1 },
    },
  },
  { name: "update system", schema: updateSystemSchema, valid: { name: "VSP", passwordPolicy: { minDigits: 1 } } },
  { name: "inspect certificate", schema: inspectCertificateSchema, valid: { baseUrl: BASE_URL } },
  { name: "test connection", schema: testConnectionSchema, valid: { storageUsername: "sec", storagePassword: "pw" } },
  { name: "key check", schema: keyCheckRequestSchema, valid: { storageUsername: "sec", storagePassword: "pw" } },
  {
    name: "backup",
    schema: backupRequestSchema,
    valid: {
      storageUsername: "sec",
      storagePassword: "pw",
      backupPassword: "Secret-42",
      backupPasswordConfirmation: "Secret-42",
    },
  },
  { name: "backup verification", schema: backupVerificationRequestSchema, valid: { sha256: "ab".repeat(32) } },
];

function unknownKeyPaths(result: { success: boolean; error?: z.ZodError }): string[] {
  return (result.error?.issues ?? []).flatMap((issue) =>
    issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key].join(".")) : [],
  );
}

describe.each(BODIES)("the $name body", ({ schema, valid }) => {
  it("takes the known keys", () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it("refuses an unknown key instead of dropping it", () => {
    expect(unknownKeyPaths(schema.safeParse({ ...valid, isAdmin: true }))).toEqual(["isAdmin"]);
  });
});

describe("nested objects of request bodies", () => {
  it("refuses unknown keys in trust and passwordPolicy", () => {
    const register = BODIES.find((body) => body.name === "register system")!.valid;
    expect(
      unknownKeyPaths(registerSystemSchema.safeParse({ ...register, trust: { sha256Fingerprint: FINGERPRINT, x: 1 } })),
    ).toEqual(["trust.x"]);
    expect(unknownKeyPaths(registerSystemSchema.safeParse({ ...register, passwordPolicy: { minDigit: 1 } }))).toEqual([
      "passwordPolicy.minDigit",
    ]);
    expect(unknownKeyPaths(updateSystemSchema.safeParse({ passwordPolicy: { minLength: 8, y: 2 } }))).toEqual([
      "passwordPolicy.y",
    ]);
    expect(
      unknownKeyPaths(
        updateSystemSchema.safeParse({
          trust: { caCertificatePem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", z: 1 },
        }),
      ),
    ).toEqual(["trust.z"]);
  });
});
