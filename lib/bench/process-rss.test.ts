import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { longestGapMs, parsePpid, parseVmRssKiB, processTree, treeRssKiB } from "./process-rss";

describe("reading /proc", () => {
  it("parses VmRSS and the parent pid, also with an awkward command name", () => {
    expect(parseVmRssKiB("Name:\tnode\nVmRSS:\t  123456 kB\nVmData:\t1 kB\n")).toBe(123456);
    expect(parseVmRssKiB("Name:\tzombie\nState:\tZ\n")).toBeUndefined();
    expect(parsePpid("4242 (next-server (v16) x) S 4200 4242 4200 0 -1")).toBe(4200);
  });

  it("finds this process and measures it", () => {
    expect(processTree(process.pid)[0]).toBe(process.pid);
    expect(parsePpid(readFileSync(`/proc/${process.pid}/stat`, "utf8"))).toBe(process.ppid);
    expect(treeRssKiB(process.pid)).toBeGreaterThan(1024);
  });
});

describe("longestGapMs", () => {
  it("measures the gaps inside the window, its edges included", () => {
    const samples = [0, 40, 90, 100, 250, 300].map((atMs) => ({ atMs, kib: 1 }));
    expect(longestGapMs(samples, 30, 200)).toBe(100);
    expect(longestGapMs(samples, 95, 99)).toBe(4);
  });
});
