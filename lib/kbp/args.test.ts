import { describe, expect, it } from "vitest";

import { parseCommand, UsageError } from "./args";

const PORTAL = "https://portal.example";

describe("parseCommand", () => {
  it("reads a backup and a status command", () => {
    expect(parseCommand(["backup", "--portal", `${PORTAL}/`, "--system", "E990", "--out", "/srv/keys"])).toEqual({
      command: "backup",
      portal: PORTAL,
      system: "E990",
      out: "/srv/keys",
    });
    expect(parseCommand(["status", `--portal=${PORTAL}`])).toEqual({ command: "status", portal: PORTAL });
    expect(parseCommand(["--help"])).toEqual({ command: "help" });
  });

  it.each([
    [["backup", "--portal", PORTAL, "--system", "a", "--out", "d", "--backup-password", "x"]],
    [["backup", "--portal", PORTAL, "--system", "a", "--out", "d", "--storage-password=x"]],
    [["backup", "--token", "kbp_x", "--portal", PORTAL]],
    [["backup", "-p", "x"]],
  ])("refuses secrets and unknown options: %j", (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });

  it("never repeats a secret-looking option's value in its message", () => {
    expect(() => parseCommand(["backup", "--backup-password=Backup-Pass-42!"])).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("Backup-Pass-42!") as unknown }),
    );
  });

  it.each([
    [[]],
    [["restore", "--portal", PORTAL]],
    [["backup", "--portal", PORTAL, "--out", "d"]],
    [["backup", "--portal", PORTAL, "--system", "a"]],
    [["backup", "--system", "a", "--out", "d"]],
    [["backup", "--portal", "ftp://portal", "--system", "a", "--out", "d"]],
    [["backup", "--portal", "https://u:p@portal", "--system", "a", "--out", "d"]],
    [["status", "--portal", PORTAL, "--system", "a"]],
    [["status", "--portal", PORTAL, "extra"]],
  ])("refuses an incomplete or wrong command line: %j", (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });
});
