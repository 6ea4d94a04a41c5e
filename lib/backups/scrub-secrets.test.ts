import { describe, expect, it } from "vitest";

import { scrubSecrets } from "./scrub-secrets";

describe("scrubSecrets", () => {
  it("removes every occurrence of each secret", () => {
    expect(
      scrubSecrets("value 'Backup-Pass-42!' of password is invalid; Backup-Pass-42! again", [
        "Backup-Pass-42!",
        "Sim-Modify-Pass1",
      ]),
    ).toBe("value '[redacted]' of password is invalid; [redacted] again");
  });

  it("removes a secret that contains another whole", () => {
    expect(scrubSecrets("got Pass1234-long", ["Pass1234", "Pass1234-long"])).toBe("got [redacted]");
  });

  it("leaves text alone for very short or empty secrets, and passes undefined through", () => {
    expect(scrubSecrets("a bad value", ["a", ""])).toBe("a bad value");
    expect(scrubSecrets(undefined, ["secret"])).toBeUndefined();
  });

  it("treats secrets literally, not as patterns", () => {
    expect(scrubSecrets("x.*y and x.*y", ["x.*y"])).toBe("[redacted] and [redacted]");
  });
});
