import { closeSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { lastLines, openOwnerOnlyLog, writeOwnerOnly } from "./files";

let dir: string;
const mode = (file: string) => statSync(file).mode & 0o777;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "kbp-demo-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("demo files", () => {
  it("writes README.txt owner-only, even over a file others could read", () => {
    const file = path.join(dir, "README.txt");
    writeFileSync(file, "old", { mode: 0o644 });
    writeOwnerOnly(file, "the banner\n");
    expect(readFileSync(file, "utf8")).toBe("the banner\n");
    expect(mode(file)).toBe(0o600);
  });

  it("opens the portal's log owner-only, for appending", () => {
    const file = path.join(dir, "portal.log");
    for (const line of ["one\n", "two\n"]) {
      const fd = openOwnerOnlyLog(file);
      writeSync(fd, line);
      closeSync(fd);
    }
    expect(readFileSync(file, "utf8")).toBe("one\ntwo\n");
    expect(mode(file)).toBe(0o600);
  });

  it("reads the last lines of a log, or nothing when there is none", () => {
    const file = path.join(dir, "portal.log");
    writeFileSync(file, "a\nb\nc\n");
    expect(lastLines(file, 2)).toBe("b\nc");
    expect(lastLines(path.join(dir, "missing.log"), 2)).toBe("");
  });
});
