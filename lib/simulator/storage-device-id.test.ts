import { describe, expect, it } from "vitest";

import { storageDeviceIdFor, storageDevicePrefix } from "./storage-device-id";

describe("storageDeviceIdFor", () => {
  it.each([
    ["VSP E590", 400001, "934000400001"],
    ["VSP E590H", 400002, "934000400002"],
    ["VSP E790", 400003, "934000400003"],
    ["VSP E790H", 400004, "934000400004"],
    ["VSP E990", 412345, "936000412345"],
    ["VSP E1090", 500001, "938000500001"],
    ["VSP E1090H", 500002, "938000500002"],
    ["VSP 5100", 30001, "900000030001"],
    ["VSP 5500H", 530021, "900000530021"],
    ["VSP 5200", 1, "900000000001"],
    ["VSP 5600H", 60001, "900000060001"],
    ["VSP G370", 441108, "886000441108"],
    ["VSP F700", 441109, "886000441109"],
    ["VSP G900", 123456, "886000123456"],
    ["VSP F350", 451234, "882000451234"],
    ["VSP G130", 470001, "880000470001"],
    ["vsp g350", 12, "882000000012"],
  ])("%s serial %d → %s", (model, serial, expected) => {
    expect(storageDeviceIdFor(model, serial)).toBe(expected);
  });

  it("knows the VSP One B26 under an invented prefix", () => {
    expect(storageDevicePrefix("VSP One B26")).toMatch(/^\d{6}$/);
    expect(storageDeviceIdFor("VSP One B26", 812345)).toMatch(/^\d{6}812345$/);
  });

  it("refuses unknown models and serials of more than 6 digits", () => {
    expect(() => storageDeviceIdFor("VSP G1500", 1)).toThrow(/Unknown storage model/);
    expect(() => storageDeviceIdFor("VSP E990", 1_000_000)).toThrow();
    expect(() => storageDeviceIdFor("VSP E990", -1)).toThrow();
  });
});
