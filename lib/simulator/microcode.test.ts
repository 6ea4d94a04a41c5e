import { describe, expect, it } from "vitest";

import { supportsKeyBackup } from "./microcode";

describe("supportsKeyBackup (simulated array)", () => {
  it.each([
    ["93-07-01-80/00", true],
    ["93-07-00-00/00", true],
    ["93-06-81-80/00", false],
    ["93-08-00-00/00", true],
    ["90-09-01-00/00", true],
    ["90-08-02-00/00", false],
    ["88-08-10-00/00", true],
    ["88-08-10", true],
    ["88-08-09-99/99", false],
    ["88-06-02-00/00", false],
    ["83-05-00-00/00", false],
    ["not a version", false],
  ])("%s → %s", (microcode, expected) => {
    expect(supportsKeyBackup(microcode)).toBe(expected);
  });
});
