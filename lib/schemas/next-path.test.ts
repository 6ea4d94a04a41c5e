import { describe, expect, it } from "vitest";

import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps same-origin relative paths", () => {
    expect(safeNextPath("/users")).toBe("/users");
    expect(safeNextPath("/systems/abc?tab=history#top")).toBe("/systems/abc?tab=history#top");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "users",
    "javascript:alert(1)",
    "/ spaced",
    "",
    undefined,
    42,
  ])("falls back for %j", (value) => {
    expect(safeNextPath(value)).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});
