import { describe, expect, it } from "vitest";

import { StorageUrls } from "./target";

const EMBEDDED = new StorageUrls({ baseUrl: "https://192.0.2.100/ConfigurationManager/" });
const SERVER = new StorageUrls({
  baseUrl: "https://192.0.2.5:23451/ConfigurationManager",
  storageDeviceId: "886000123456",
});

describe("StorageUrls", () => {
  it("puts objects under objects/storages/{id} in the server form", () => {
    expect(EMBEDDED.object("sessions")).toBe("https://192.0.2.100/ConfigurationManager/v1/objects/sessions");
    expect(SERVER.object("sessions")).toBe(
      "https://192.0.2.5:23451/ConfigurationManager/v1/objects/storages/886000123456/sessions",
    );
    expect(EMBEDDED.object("encryption-keys", { keyType: "DEK", count: undefined })).toBe(
      "https://192.0.2.100/ConfigurationManager/v1/objects/encryption-keys?keyType=DEK",
    );
  });

  it("puts services under v1/{id}/services in the server form, not under objects/storages", () => {
    const lock = "resource-group-service/actions/lock/invoke";
    expect(EMBEDDED.service(lock)).toBe(`https://192.0.2.100/ConfigurationManager/v1/services/${lock}`);
    expect(SERVER.service(lock)).toBe(`https://192.0.2.5:23451/ConfigurationManager/v1/886000123456/services/${lock}`);
  });

  it("reads the identity at storages/instance or storages/{id}", () => {
    expect(EMBEDDED.identity()).toBe("https://192.0.2.100/ConfigurationManager/v1/objects/storages/instance");
    expect(SERVER.identity()).toBe("https://192.0.2.5:23451/ConfigurationManager/v1/objects/storages/886000123456");
  });

  it("takes a VSP One storageDeviceId with letters, refuses other shapes", () => {
    expect(
      new StorageUrls({ baseUrl: "https://h/ConfigurationManager", storageDeviceId: "A34000810045" }).identity(),
    ).toMatch(/storages\/A34000810045$/);
    expect(
      () => new StorageUrls({ baseUrl: "https://h/ConfigurationManager", storageDeviceId: "88600012345" }),
    ).toThrow(/12 letters or digits/);
    expect(
      () => new StorageUrls({ baseUrl: "https://h/ConfigurationManager", storageDeviceId: "../886000123" }),
    ).toThrow();
  });
});
