import { describe, expect, it } from "vitest";

import { storageDeviceIdFor } from "@/lib/simulator/storage-device-id";

import { compareMicrocodeParts, microcodeFamily, parseMicrocode, supportsKeyBackup } from "./microcode";

describe("supportsKeyBackup", () => {
  it.each([
    ["93-07-01-80/00", true],
    ["93-07-00-00/00", true],
    ["93-06-81-80/00", false],
    ["93-08-00-00/00", true],
    ["90-09-01-00/00", true],
    ["90-08-02-00/00", false],
    ["88-08-10-00/00", true],
    ["88-08-09-99/99", false],
    ["88-06-02-00/00", false],
    ["83-05-00-00/00", false],
    ["not a version", false],
  ])("%s → %s", (microcode, expected) => {
    expect(supportsKeyBackup(microcode)).toBe(expected);
  });

  it("parses and compares the numeric parts", () => {
    expect(parseMicrocode("93-07-01-80/00")).toEqual([93, 7, 1, 80, 0]);
    expect(compareMicrocodeParts([88, 8, 10], [88, 8, 10, 0])).toBe(0);
    expect(microcodeFamily("90-09-01-00/00")).toBe("VSP 5000");
  });
});

describe("storageDeviceIdFor", () => {
  it.each([
    ["VSP E990", 412345, "936000412345"],
    ["VSP E1090", 1, "936000000001"],
    ["VSP 5500", 530021, "900000530021"],
    ["VSP 5100H", 530022, "900000530022"],
    ["VSP G370", 441108, "886000441108"],
    ["VSP F900", 441109, "886000441109"],
    ["VSP G350", 441110, "882000441110"],
    ["VSP F350", 441111, "882000441111"],
  ])("%s %d → %s", (model, serial, expected) => {
    expect(storageDeviceIdFor(model, serial)).toBe(expected);
  });

  it("refuses unknown models and long serials", () => {
    expect(() => storageDeviceIdFor("VSP G1500", 1)).toThrow(/Unknown storage model/);
    expect(() => storageDeviceIdFor("VSP E990", 1_000_000)).toThrow();
  });
});
