import { describe, expect, it } from "vitest";

import { auditActionLabel, auditActionOptions, hasOwnOutcome } from "./audit-actions";

describe("audit action names", () => {
  it("reads the portal's actions as words", () => {
    expect(auditActionLabel("backup.started")).toBe("Backup started");
    expect(auditActionLabel("auth.login")).toBe("Sign-in");
    expect(auditActionLabel("user.password_reset")).toBe("Password reset by an admin");
    expect(auditActionLabel("system.connection_tested")).toBe("Connection test");
  });

  it("makes words of an action it does not know, and keeps an odd one as it is", () => {
    expect(auditActionLabel("fleet.report_exported")).toBe("Fleet report exported");
    expect(auditActionLabel("...")).toBe("...");
  });

  it("gives a backup's start no outcome of its own, and every other action one", () => {
    expect(hasOwnOutcome("backup.started")).toBe(false);
    for (const action of ["backup.succeeded", "backup.failed", "auth.login", "anything.else"]) {
      expect(hasOwnOutcome(action)).toBe(true);
    }
  });

  it("offers any action first, the known ones by name, and an unknown one from the address", () => {
    const options = auditActionOptions();
    expect(options[0]).toEqual({ value: "", label: "Any action" });
    const labels = options.slice(1).map((option) => option.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    expect(options).toContainEqual({ value: "backup.started", label: "Backup started" });
    expect(auditActionOptions("backup.started")).toHaveLength(options.length);
    expect(auditActionOptions("legacy.thing").at(-1)).toEqual({ value: "legacy.thing", label: "Legacy thing" });
  });
});
