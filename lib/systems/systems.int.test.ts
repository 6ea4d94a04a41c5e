import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";

import { recordKeyBackupRefusal } from "@/lib/db/key-backup-refusals";
import { findSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { systemSchema, testConnectionResponseSchema } from "@/lib/schemas/system";
import { startSimulator } from "@/lib/simulator/server";
import { E990, G370_OLD, MODIFY, VIEW } from "@/lib/simulator/test-support";
import type { Simulator } from "@/lib/simulator/types";
import { captureLogs } from "@/lib/test-support/auth";

import { getSystem, listSystems } from "./list-systems";
import { registerSystem } from "./register-system";
import { removeSystem } from "./remove-system";
import { testConnection } from "./test-connection";
import {
  auditActions,
  everythingStored,
  expectAppError,
  startCaFrontedSimulator,
  testActor,
  type CaFrontedSimulator,
} from "./test-support";
import { updateSystem } from "./update-system";

const WRONG_PASSWORD = "Wrong-Storage-Pass-77";
const credentials = (user = MODIFY) => ({ storageUsername: user.username, storagePassword: user.password });

let sim: Simulator;
let plain: Simulator;
let fronted: CaFrontedSimulator;
let e990Url: string;
let g370Url: string;
const logs = captureLogs();

beforeAll(async () => {
  sim = await startSimulator({ systems: [E990, G370_OLD] });
  plain = await startSimulator({ systems: [E990], tls: false, serverForm: false });
  fronted = await startCaFrontedSimulator(G370_OLD);
  e990Url = sim.systems[0]!.baseUrl;
  g370Url = sim.systems[1]!.baseUrl;
});
afterAll(async () => {
  logs.restore();
  await Promise.all([sim?.close(), plain?.close(), fronted?.close()]);
});

/** Every path must discard the storage session it opened. */
afterEach(() => {
  for (const system of sim.systems) expect(sim.openSessions(system.storageDeviceId)).toBe(0);
  expect(plain.openSessions(plain.systems[0]!.storageDeviceId)).toBe(0);
  expect(fronted.sim.openSessions(fronted.sim.systems[0]!.storageDeviceId)).toBe(0);
});

describe.each(TEST_DATABASES)("storage systems on $kind", ({ open }) => {
  let t: TestDatabase;
  const admin = testActor("admin", "alice");
  const operator = testActor("operator", "oscar");
  const viewer = testActor("viewer", "vera");
  let seq = 0;
  const uniqueName = (base: string) => `${base} ${++seq}`;

  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });
  // Connection tests are limited per user and system (connection-test-limits.int.test.ts); each test starts afresh.
  afterEach(async () => {
    await t.db.deleteFrom("connection_test_limits").execute();
  });

  async function registerPinned(name: string, baseUrl = e990Url, fingerprint = sim.sha256Fingerprint) {
    return registerSystem({
      db: t.db,
      actor: admin,
      input: { confirmDuplicateBaseUrl: true, name, baseUrl, trust: { sha256Fingerprint: fingerprint } },
    });
  }

  describe("registration", () => {
    it("registers with the confirmed pin and keeps the certificate as the anchor", async () => {
      // The fingerprint as a person might paste it: lower case, no colons.
      const typed = sim.sha256Fingerprint.replace(/:/g, "").toLowerCase();
      const system = await registerSystem({
        db: t.db,
        actor: admin,
        input: {
          confirmDuplicateBaseUrl: true,
          name: "  VSP E990 lab  ",
          baseUrl: `${e990Url}/`,
          trust: { sha256Fingerprint: typed },
        },
      });
      expect(systemSchema.parse(system)).toEqual(system);
      expect(system).toEqual({
        id: expect.any(String),
        name: "VSP E990 lab",
        baseUrl: e990Url,
        storageDeviceId: null,
        trust: {
          kind: "pin",
          sha256Fingerprint: sim.sha256Fingerprint,
          subject: "CN=simulated-storage.localhost",
          validTo: expect.stringMatching(/Z$/),
        },
        identity: null,
        keyBackupRefusal: null,
        passwordPolicy: null,
        removed: false,
        removedAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(JSON.stringify(system)).not.toContain("BEGIN CERTIFICATE");
      const row = await findSystem(t.db, system.id);
      expect(row).toMatchObject({
        trustKind: "pin",
        pinnedFingerprint: sim.sha256Fingerprint,
        createdBy: "alice",
        caCertificatePem: null,
      });
      expect(row?.pinnedCertificatePem?.trim()).toBe(sim.certificatePem.trim());

      const audit = await auditActions(t.db, system.id);
      expect(audit.map((event) => `${event.action}:${event.outcome}`).sort()).toEqual([
        "certificate.pin_confirmed:success",
        "system.registered:success",
      ]);
      expect(audit.find((event) => event.action === "certificate.pin_confirmed")).toMatchObject({
        actor: "alice",
        detail: { sha256Fingerprint: sim.sha256Fingerprint, subject: "CN=simulated-storage.localhost" },
      });
      expect(JSON.stringify(audit)).not.toContain("BEGIN CERTIFICATE");
    });

    it("refuses a fingerprint that is not the presented certificate: CERTIFICATE_MISMATCH", async () => {
      const name = uniqueName("mismatch");
      const wrong = "AB:".repeat(31) + "AB";
      const error = await expectAppError(registerPinned(name, e990Url, wrong), "CERTIFICATE_MISMATCH", 409);
      expect(error.message).toMatch(/changed since you inspected it.*Inspect it again/);
      expect(error.message).toContain(sim.sha256Fingerprint);
      expect((await listSystems({ db: t.db, actor: admin })).map((system) => system.name)).not.toContain(name);
      const audit = (await auditActions(t.db)).filter((event) => event.detail?.name === name);
      expect(audit).toEqual([
        expect.objectContaining({
          action: "certificate.pin_confirmed",
          outcome: "failure",
          targetId: null,
          detail: expect.objectContaining({ confirmedFingerprint: wrong }),
        }),
      ]);
    });

    it("refuses a duplicate name among active systems (ignoring case), and allows it once removed", async () => {
      const name = uniqueName("Duplicate");
      const first = await registerPinned(name);
      await expectAppError(registerPinned(name.toUpperCase(), g370Url), "CONFLICT", 409);
      await removeSystem({ db: t.db, actor: admin, systemId: first.id });
      const again = await registerPinned(name, g370Url);
      expect(again.id).not.toBe(first.id);
    });

    it("registers with a CA certificate and connects through it", async () => {
      const system = await registerSystem({
        db: t.db,
        actor: admin,
        input: {
          confirmDuplicateBaseUrl: true,
          name: uniqueName("CA trusted"),
          baseUrl: fronted.baseUrl,
          trust: { caCertificatePem: fronted.caCertificatePem },
        },
      });
      expect(system.trust).toEqual({ kind: "ca", subject: "CN=Key Backup Test CA", validTo: expect.any(String) });
      expect(await findSystem(t.db, system.id)).toMatchObject({
        trustKind: "ca",
        pinnedFingerprint: null,
        pinnedCertificatePem: null,
      });
      const audit = await auditActions(t.db, system.id);
      expect(audit.map((event) => event.action)).toEqual(["system.registered"]);
      expect(audit[0]?.detail).toMatchObject({ trust: { kind: "ca", subject: "CN=Key Backup Test CA" } });

      const result = await testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() });
      expect(result.identity).toMatchObject({ model: "VSP G370", serialNumber: G370_OLD.serialNumber });
    });

    it("refuses a CA certificate that is not a CA, or not a certificate", async () => {
      const notCa = await expectAppError(
        registerSystem({
          db: t.db,
          actor: admin,
          input: {
            confirmDuplicateBaseUrl: true,
            name: uniqueName("not a CA"),
            baseUrl: e990Url,
            trust: { caCertificatePem: sim.certificatePem },
          },
        }),
        "VALIDATION_FAILED",
        400,
      );
      expect(notCa.extra.fields?.["trust.caCertificatePem"]?.[0]).toMatch(/is not a CA certificate/);
      const garbage = await expectAppError(
        registerSystem({
          db: t.db,
          actor: admin,
          input: {
            confirmDuplicateBaseUrl: true,
            name: uniqueName("garbage"),
            baseUrl: e990Url,
            trust: { caCertificatePem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" },
          },
        }),
        "VALIDATION_FAILED",
        400,
      );
      expect(garbage.extra.fields?.["trust.caCertificatePem"]?.[0]).toMatch(/not a readable certificate/);
      // Shape errors come from the shared schema, as the route would give them.
      await expect(
        registerSystem({
          db: t.db,
          actor: admin,
          input: {
            confirmDuplicateBaseUrl: true,
            name: uniqueName("no pem"),
            baseUrl: e990Url,
            trust: { caCertificatePem: "hello" },
          },
        }),
      ).rejects.toBeInstanceOf(ZodError);
    });

    it("pins a certificate a CA issued, without needing the CA", async () => {
      const system = await registerPinned(uniqueName("pinned leaf"), fronted.baseUrl, fronted.leafFingerprint);
      expect(system.trust).toMatchObject({ kind: "pin", sha256Fingerprint: fronted.leafFingerprint });
      const result = await testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() });
      expect(result.identity).toMatchObject({ model: "VSP G370", serialNumber: G370_OLD.serialNumber });
    });

    it("refuses plain http unless the portal allows it", async () => {
      const baseUrl = plain.systems[0]!.baseUrl;
      const refused = await expectAppError(
        registerSystem({
          db: t.db,
          actor: admin,
          input: { confirmDuplicateBaseUrl: true, name: uniqueName("plain"), baseUrl },
          allowHttpStorage: false,
        }),
        "VALIDATION_FAILED",
        400,
      );
      expect(refused.extra.fields?.baseUrl?.[0]).toMatch(/PORTAL_ALLOW_HTTP_STORAGE/);

      const system = await registerSystem({
        db: t.db,
        actor: admin,
        input: { confirmDuplicateBaseUrl: true, name: uniqueName("plain"), baseUrl },
        allowHttpStorage: true,
      });
      expect(system.trust).toBeNull();
      const result = await testConnection({
        db: t.db,
        actor: operator,
        systemId: system.id,
        input: credentials(),
        allowHttpStorage: true,
      });
      expect(result.identity.model).toBe("VSP E990");
      // Switched off later: the stored system is refused rather than used.
      const off = await expectAppError(
        testConnection({
          db: t.db,
          actor: operator,
          systemId: system.id,
          input: credentials(),
          allowHttpStorage: false,
        }),
        "CONFLICT",
        409,
      );
      expect(off.message).toMatch(/plain http/);

      // Moving it to https needs a trust at the same time.
      const noTrust = await expectAppError(
        updateSystem({ db: t.db, actor: admin, systemId: system.id, input: { baseUrl: e990Url } }),
        "VALIDATION_FAILED",
        400,
      );
      expect(noTrust.extra.fields?.trust).toBeDefined();
      const secured = await updateSystem({
        db: t.db,
        actor: admin,
        systemId: system.id,
        input: { baseUrl: e990Url, trust: { sha256Fingerprint: sim.sha256Fingerprint } },
      });
      expect(secured.trust).toMatchObject({ kind: "pin", sha256Fingerprint: sim.sha256Fingerprint });
      await testConnection({
        db: t.db,
        actor: operator,
        systemId: system.id,
        input: credentials(),
        allowHttpStorage: false,
      });
    });

    it("only admins register", async () => {
      await expectAppError(
        registerSystem({
          db: t.db,
          actor: operator,
          input: {
            confirmDuplicateBaseUrl: true,
            name: uniqueName("by operator"),
            baseUrl: e990Url,
            trust: { sha256Fingerprint: sim.sha256Fingerprint },
          },
        }),
        "FORBIDDEN",
        403,
      );
    });
  });

  describe("test connection", () => {
    it("stores the identity and reports key backup supported for a VSP E990 at 93-07-01-80/00", async () => {
      const system = await registerPinned(uniqueName("E990"));
      const result = await testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() });
      expect(testConnectionResponseSchema.parse(result)).toEqual(result);
      expect(result).toMatchObject({
        identity: {
          model: "VSP E990",
          serialNumber: 412345,
          storageDeviceId: sim.systems[0]!.storageDeviceId,
          microcode: "93-07-01-80/00",
          apiVersion: result.apiVersion,
        },
        message: `Connected to VSP E990, serial ${sim.systems[0]!.serialNumber}, microcode 93-07-01-80/00.`,
      });
      expect(result).not.toHaveProperty("keyBackupSupported");
      expect(result.apiVersion).toMatch(/^\d+\.\d+/);
      const stored = await getSystem({ db: t.db, systemId: system.id });
      expect(stored.identity).toMatchObject({
        model: "VSP E990",
        serialNumber: 412345,
        microcode: "93-07-01-80/00",
        apiVersion: result.apiVersion,
      });
      expect(stored.keyBackupRefusal).toBeNull();
      expect(result.system).toEqual(stored);
      // The embedded form stays the embedded form: the reported id does not become the registered one.
      expect(stored.storageDeviceId).toBeNull();
      expect((await auditActions(t.db, system.id)).at(-1)).toMatchObject({
        action: "system.connection_tested",
        outcome: "success",
        actor: "oscar",
        detail: { model: "VSP E990", microcode: "93-07-01-80/00" },
      });
      // A second test still works (nothing about the first one broke the system's settings).
      await testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials(VIEW) });
    });

    it("says nothing about key backup support; keeps the array's refusal for the same microcode, clears it for other", async () => {
      const system = await registerPinned(uniqueName("G370"), g370Url);
      const sameMicrocode = { at: "2026-11-30T08:00:00.000Z", microcode: "88-06-02-00/00" };
      await recordKeyBackupRefusal(t.db, system.id, sameMicrocode);
      const kept = await testConnection({ db: t.db, actor: admin, systemId: system.id, input: credentials() });
      expect(kept.message).toBe("Connected to VSP G370, serial 441108, microcode 88-06-02-00/00.");
      expect(kept.system.keyBackupRefusal).toEqual(sameMicrocode);

      await recordKeyBackupRefusal(t.db, system.id, { at: sameMicrocode.at, microcode: "88-05-00-00/00" });
      const cleared = await testConnection({ db: t.db, actor: admin, systemId: system.id, input: credentials() });
      expect(cleared.message).toMatch(
        /microcode has changed since the array refused key backup, so the refusal is cleared/,
      );
      expect((await getSystem({ db: t.db, systemId: system.id })).keyBackupRefusal).toBeNull();
    });

    it("uses the registered storageDeviceId for the REST API server form", async () => {
      const id = sim.systems[1]!.storageDeviceId;
      const system = await registerSystem({
        db: t.db,
        actor: admin,
        input: {
          confirmDuplicateBaseUrl: true,
          name: uniqueName("server form"),
          baseUrl: sim.serverFormBaseUrl!,
          storageDeviceId: id,
          trust: { sha256Fingerprint: sim.sha256Fingerprint },
        },
      });
      const result = await testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() });
      expect(result.identity).toMatchObject({ storageDeviceId: id, model: "VSP G370" });
      expect((await getSystem({ db: t.db, systemId: system.id })).identity?.storageDeviceId).toBe(id);
    });

    it("a wrong storage password: STORAGE_AUTH_FAILED 422, no session left, nothing stored", async () => {
      const system = await registerPinned(uniqueName("wrong password"));
      const error = await expectAppError(
        testConnection({
          db: t.db,
          actor: operator,
          systemId: system.id,
          input: { storageUsername: MODIFY.username, storagePassword: WRONG_PASSWORD },
        }),
        "STORAGE_AUTH_FAILED",
        422,
      );
      expect(error.message).not.toContain(WRONG_PASSWORD);
      expect((await getSystem({ db: t.db, systemId: system.id })).identity).toBeNull();
      expect((await auditActions(t.db, system.id)).at(-1)).toMatchObject({
        action: "system.connection_tested",
        outcome: "failure",
        detail: { kind: "auth", status: 401 },
      });
    });

    it("viewers cannot test; unknown ids are 404", async () => {
      const system = await registerPinned(uniqueName("roles"));
      await expectAppError(
        testConnection({ db: t.db, actor: viewer, systemId: system.id, input: credentials() }),
        "FORBIDDEN",
        403,
      );
      await expectAppError(
        testConnection({
          db: t.db,
          actor: operator,
          systemId: "6f1c1f0e-0000-4000-8000-000000000000",
          input: credentials(),
        }),
        "NOT_FOUND",
        404,
      );
    });
  });

  describe("a changed certificate", () => {
    let replacement: Simulator;
    beforeAll(async () => {
      // Same array, new certificate: what a certificate renewal (or an interceptor) looks like.
      replacement = await startSimulator({ systems: [E990] });
    });
    afterAll(() => replacement?.close());

    it("is refused on test-connection (STORAGE_TLS_ERROR, audited), then accepted once re-confirmed", async () => {
      const system = await registerPinned(uniqueName("renewed"));
      // The address now answers with the new certificate; the pin is kept.
      const moved = await updateSystem({
        db: t.db,
        actor: admin,
        systemId: system.id,
        input: { baseUrl: replacement.systems[0]!.baseUrl },
      });
      expect(moved.trust).toMatchObject({ kind: "pin", sha256Fingerprint: sim.sha256Fingerprint });

      const error = await expectAppError(
        testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() }),
        "STORAGE_TLS_ERROR",
        502,
      );
      expect(error.message).toMatch(/certificate changed/);
      expect(error.message).toContain(replacement.sha256Fingerprint);
      expect(error.message).toMatch(/An admin must inspect and re-confirm/);
      expect(replacement.openSessions(replacement.systems[0]!.storageDeviceId)).toBe(0);
      const refused = (await auditActions(t.db, system.id)).filter(
        (event) => event.action === "certificate.pin_refused",
      );
      expect(refused).toEqual([
        expect.objectContaining({
          outcome: "failure",
          actor: "oscar",
          detail: expect.objectContaining({
            pinnedFingerprint: sim.sha256Fingerprint,
            presentedFingerprint: replacement.sha256Fingerprint,
          }),
        }),
      ]);

      // Re-confirming the old fingerprint fails against the live certificate...
      await expectAppError(
        updateSystem({
          db: t.db,
          actor: admin,
          systemId: system.id,
          input: { trust: { sha256Fingerprint: sim.sha256Fingerprint } },
        }),
        "CERTIFICATE_MISMATCH",
        409,
      );
      // ...the new one is accepted, and the connection works again.
      const reconfirmed = await updateSystem({
        db: t.db,
        actor: admin,
        systemId: system.id,
        input: { trust: { sha256Fingerprint: replacement.sha256Fingerprint } },
      });
      expect(reconfirmed.trust).toMatchObject({ kind: "pin", sha256Fingerprint: replacement.sha256Fingerprint });
      const result = await testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() });
      expect(result.identity.model).toBe("VSP E990");
      expect(replacement.openSessions(replacement.systems[0]!.storageDeviceId)).toBe(0);

      // Rows written in the same millisecond have no order among themselves (the log orders by
      // time, then id), so the whole list is compared as a set and the sequence by timestamps.
      const events = await auditActions(t.db, system.id);
      expect(events.map((event) => `${event.action}:${event.outcome}`).sort()).toEqual(
        [
          "system.registered:success",
          "certificate.pin_confirmed:success",
          "system.changed:success",
          "certificate.pin_refused:failure",
          "system.connection_tested:failure",
          "certificate.pin_confirmed:failure",
          "system.changed:success",
          "certificate.pin_confirmed:success",
          "system.connection_tested:success",
        ].sort(),
      );
      const at = (action: string, outcome: string) =>
        events.filter((event) => event.action === action && event.outcome === outcome).map((event) => event.at);
      expect(at("certificate.pin_refused", "failure")[0]! <= at("certificate.pin_confirmed", "failure")[0]!).toBe(true);
      expect(at("certificate.pin_confirmed", "failure")[0]! <= at("certificate.pin_confirmed", "success")[1]!).toBe(
        true,
      );
      expect(at("certificate.pin_confirmed", "success")[1]! <= at("system.connection_tested", "success")[0]!).toBe(
        true,
      );
    });
  });

  describe("changes and removal", () => {
    it("renames, records the changed fields, and keeps names unique", async () => {
      const a = await registerPinned(uniqueName("alpha"));
      const b = await registerPinned(uniqueName("beta"), g370Url);
      await expectAppError(
        updateSystem({ db: t.db, actor: admin, systemId: b.id, input: { name: a.name.toLowerCase() } }),
        "CONFLICT",
        409,
      );
      const renamed = await updateSystem({
        db: t.db,
        actor: admin,
        systemId: b.id,
        input: { name: `${b.name} renamed`, storageDeviceId: "" },
      });
      expect(renamed.name).toBe(`${b.name} renamed`);
      // A case-only rename of itself is not a clash.
      await updateSystem({ db: t.db, actor: admin, systemId: a.id, input: { name: a.name.toUpperCase() } });
      const changed = (await auditActions(t.db, b.id)).filter((event) => event.action === "system.changed");
      expect(changed).toEqual([
        expect.objectContaining({ detail: { fields: ["name"], name: { from: b.name, to: `${b.name} renamed` } } }),
      ]);
      await expectAppError(
        updateSystem({ db: t.db, actor: operator, systemId: a.id, input: { name: "nope" } }),
        "FORBIDDEN",
        403,
      );
    });

    it("records the storage system's stricter backup-password policy, and clears it", async () => {
      const system = await registerPinned(uniqueName("policy"));
      expect(system.passwordPolicy).toBeNull();
      const strict = await updateSystem({
        db: t.db,
        actor: admin,
        systemId: system.id,
        input: { passwordPolicy: { minLength: 12, minDigits: 2 } },
      });
      expect(strict.passwordPolicy).toEqual({ minLength: 12, minDigits: 2 });
      expect((await getSystem({ db: t.db, systemId: system.id })).passwordPolicy).toEqual({
        minLength: 12,
        minDigits: 2,
      });
      const changed = (await auditActions(t.db, system.id)).filter((event) => event.action === "system.changed");
      expect(changed[0]?.detail).toMatchObject({
        fields: ["passwordPolicy"],
        passwordPolicy: { from: null, to: { minLength: 12, minDigits: 2 } },
      });
      expect(
        (await updateSystem({ db: t.db, actor: admin, systemId: system.id, input: { passwordPolicy: null } }))
          .passwordPolicy,
      ).toBeNull();
      await expect(
        updateSystem({ db: t.db, actor: admin, systemId: system.id, input: { passwordPolicy: { minDigits: -1 } } }),
      ).rejects.toBeInstanceOf(ZodError);
    });

    it("a new address resets the identity read from the old one", async () => {
      const system = await registerPinned(uniqueName("moving"));
      await testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() });
      expect((await getSystem({ db: t.db, systemId: system.id })).identity).not.toBeNull();
      await recordKeyBackupRefusal(t.db, system.id, { at: new Date().toISOString(), microcode: "93-07-01-80/00" });
      const moved = await updateSystem({ db: t.db, actor: admin, systemId: system.id, input: { baseUrl: g370Url } });
      expect(moved.identity).toBeNull();
      expect(moved.keyBackupRefusal).toBeNull();
    });

    it("removal keeps the row and its history; the system is no longer listed or usable", async () => {
      const system = await registerPinned(uniqueName("retired"));
      await testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() });
      await expectAppError(removeSystem({ db: t.db, actor: operator, systemId: system.id }), "FORBIDDEN", 403);
      await removeSystem({ db: t.db, actor: admin, systemId: system.id });

      const row = await findSystem(t.db, system.id);
      expect(row?.removedAt).toEqual(expect.any(String));
      expect(row?.model).toBe("VSP E990");
      const view = await getSystem({ db: t.db, systemId: system.id });
      expect(view).toMatchObject({ removed: true, removedAt: row?.removedAt, identity: { model: "VSP E990" } });

      expect((await listSystems({ db: t.db, actor: viewer })).map((s) => s.id)).not.toContain(system.id);
      expect((await listSystems({ db: t.db, actor: admin, includeRemoved: true })).map((s) => s.id)).toContain(
        system.id,
      );
      await expectAppError(listSystems({ db: t.db, actor: operator, includeRemoved: true }), "FORBIDDEN", 403);

      await expectAppError(removeSystem({ db: t.db, actor: admin, systemId: system.id }), "CONFLICT", 409);
      await expectAppError(
        updateSystem({ db: t.db, actor: admin, systemId: system.id, input: { name: "zombie" } }),
        "CONFLICT",
        409,
      );
      await expectAppError(
        testConnection({ db: t.db, actor: operator, systemId: system.id, input: credentials() }),
        "CONFLICT",
        409,
      );
      await expectAppError(getSystem({ db: t.db, systemId: "6f1c1f0e-0000-4000-8000-000000000000" }), "NOT_FOUND", 404);
      expect((await auditActions(t.db, system.id)).at(-1)).toMatchObject({
        action: "system.removed",
        outcome: "success",
        actor: "alice",
      });
    });
  });

  it("never stores or logs a storage password", async () => {
    const everything = await everythingStored(t.db);
    const logged = logs.text();
    expect(logged).toContain("system.connection_tested");
    expect(logged).toContain("system.pin_refused");
    for (const secret of [MODIFY.password, VIEW.password, WRONG_PASSWORD]) {
      expect(everything).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
    // The storage user name is not kept either: audit details name the system, not the account.
    expect(everything).not.toContain(`"${MODIFY.username}"`);
  });
});
