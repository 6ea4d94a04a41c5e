import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { clearKeyBackupRefusal, recordKeyBackupRefusal } from "./key-backup-refusals";
import {
  findActiveSystemByName,
  findSystem,
  insertSystem,
  listSystems,
  markSystemRemoved,
  updateSystem,
  updateSystemIdentity,
} from "./storage-systems";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";

const T0 = "2026-04-01T07:00:00.000Z";
const T1 = "2026-04-01T07:30:00.000Z";
const T2 = "2026-04-01T08:00:00.000Z";
const FINGERPRINT = Array.from({ length: 32 }, () => "AB").join(":");

describe.each(TEST_DATABASES)("storage systems on $kind", ({ open }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("registers a system and reads it back", async () => {
    const system = await insertSystem(t.db, {
      name: "VSP E990 lab",
      baseUrl: "https://10.0.0.10/ConfigurationManager",
      trustKind: "pin",
      pinnedFingerprint: FINGERPRINT,
      pinnedCertificatePem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      passwordPolicy: { minLength: 12, minDigits: 1 },
      createdBy: "alice",
      now: T0,
    });
    expect(system).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "VSP E990 lab",
      baseUrl: "https://10.0.0.10/ConfigurationManager",
      storageDeviceId: null,
      trustKind: "pin",
      pinnedFingerprint: FINGERPRINT,
      pinnedCertificatePem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      caCertificatePem: null,
      model: null,
      serialNumber: null,
      microcode: null,
      apiVersion: null,
      identityCheckedAt: null,
      keyBackupRefusal: null,
      passwordPolicy: { minLength: 12, minDigits: 1 },
      createdAt: T0,
      updatedAt: T0,
      createdBy: "alice",
      removedAt: null,
    });
    expect(await findSystem(t.db, system.id)).toEqual(system);
    expect(await findSystem(t.db, "no-such-id")).toBeUndefined();

    // The array's 412, kept on the system until cleared.
    await recordKeyBackupRefusal(t.db, system.id, { at: T1, microcode: "A3-04-21-40/00" });
    expect((await findSystem(t.db, system.id))?.keyBackupRefusal).toEqual({ at: T1, microcode: "A3-04-21-40/00" });
    await clearKeyBackupRefusal(t.db, system.id);
    expect((await findSystem(t.db, system.id))?.keyBackupRefusal).toBeNull();
    expect(await findActiveSystemByName(t.db, "vsp e990 LAB")).toEqual(system);
    expect(await findActiveSystemByName(t.db, "VSP 5500")).toBeUndefined();
  });

  it("lists systems by name", async () => {
    await insertSystem(t.db, {
      name: "VSP 5500 prod",
      baseUrl: "https://vsp5500.example.com",
      trustKind: "ca",
      caCertificatePem: "CA",
      now: T0,
    });
    expect((await listSystems(t.db)).map((system) => system.name)).toEqual(["VSP 5500 prod", "VSP E990 lab"]);
  });

  it("updates only the settings given", async () => {
    const system = (await findActiveSystemByName(t.db, "VSP 5500 prod"))!;
    const updated = await updateSystem(
      t.db,
      system.id,
      { baseUrl: "https://vsp5500.example.com:8443", passwordPolicy: null },
      T1,
    );
    expect(updated).toEqual({ ...system, baseUrl: "https://vsp5500.example.com:8443", updatedAt: T1 });
    expect(await findSystem(t.db, system.id)).toEqual(updated);
    expect(await updateSystem(t.db, "no-such-id", { name: "x" })).toBeUndefined();
  });

  it("records what the system reported about itself", async () => {
    const system = (await findActiveSystemByName(t.db, "VSP E990 lab"))!;
    expect(
      await updateSystemIdentity(t.db, system.id, {
        model: "VSP E990",
        serialNumber: 412345,
        microcode: "93-07-01-80/00",
        apiVersion: "1.17.0",
        storageDeviceId: "936000412345",
        checkedAt: T1,
      }),
    ).toBe(true);
    expect(await findSystem(t.db, system.id)).toEqual({
      ...system,
      model: "VSP E990",
      serialNumber: 412345,
      microcode: "93-07-01-80/00",
      apiVersion: "1.17.0",
      storageDeviceId: "936000412345",
      identityCheckedAt: T1,
    });
  });

  it("keeps a removed system's row but hides it from the registry", async () => {
    const system = (await findActiveSystemByName(t.db, "VSP E990 lab"))!;
    expect(await markSystemRemoved(t.db, system.id, T2)).toBe(true);
    expect(await markSystemRemoved(t.db, system.id, T2)).toBe(false);
    expect(await findSystem(t.db, system.id)).toMatchObject({
      id: system.id,
      name: "VSP E990 lab",
      removedAt: T2,
      updatedAt: T2,
      serialNumber: 412345,
    });
    expect(await findActiveSystemByName(t.db, "VSP E990 lab")).toBeUndefined();
    expect((await listSystems(t.db)).map((s) => s.name)).toEqual(["VSP 5500 prod"]);
    expect((await listSystems(t.db, { includeRemoved: true })).map((s) => s.name)).toEqual([
      "VSP 5500 prod",
      "VSP E990 lab",
    ]);
    expect(await updateSystem(t.db, system.id, { name: "renamed" })).toBeUndefined();
    expect(
      await updateSystemIdentity(t.db, system.id, {
        model: null,
        serialNumber: null,
        microcode: null,
        apiVersion: null,
        checkedAt: T2,
      }),
    ).toBe(false);
    expect(await findSystem(t.db, system.id)).toMatchObject({ name: "VSP E990 lab", model: "VSP E990" });
  });

  it("lets a new system take the name of a removed one", async () => {
    const again = await insertSystem(t.db, {
      name: "VSP E990 lab",
      baseUrl: "https://10.0.0.11",
      trustKind: "ca",
      now: T2,
    });
    expect(await findActiveSystemByName(t.db, "VSP E990 lab")).toEqual(again);
    expect(await listSystems(t.db, { includeRemoved: true })).toHaveLength(3);
  });
});
