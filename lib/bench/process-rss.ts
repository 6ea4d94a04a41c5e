import "server-only";

import { readdirSync, readFileSync } from "node:fs";

/** VmRSS from a /proc/<pid>/status text, in KiB; undefined for a process without one (a zombie). */
export function parseVmRssKiB(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** The parent pid from a /proc/<pid>/stat text. The command name may hold spaces and parentheses. */
export function parsePpid(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    // The process ended between listing and reading.
    return undefined;
  }
}

/**
 * `root` and every process below it. Found by scanning /proc on each call, because this kernel
 * has no /proc/<pid>/task/<tid>/children and a server may start workers at any time.
 */
export function processTree(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), "stat");
    const ppid = stat === undefined ? undefined : parsePpid(stat);
    if (ppid === undefined) continue;
    childrenOf.set(ppid, [...(childrenOf.get(ppid) ?? []), Number(entry)]);
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index++) tree.push(...(childrenOf.get(tree[index]!) ?? []));
  return tree;
}

/** Resident memory of `root` and its descendants together, in KiB. */
export function treeRssKiB(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    const status = readProc(pid, "status");
    total += (status && parseVmRssKiB(status)) || 0;
  }
  return total;
}

export interface RssSample {
  /** performance.now() when it was taken. */
  atMs: number;
  kib: number;
}

/** Samples the tree's RSS every `intervalMs` until stopped; one sample at each end as well. */
export function sampleTreeRss(root: number, intervalMs: number): { stop(): RssSample[] } {
  const samples: RssSample[] = [];
  const take = () => samples.push({ atMs: performance.now(), kib: treeRssKiB(root) });
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/**
 * The longest stretch of [fromMs, toMs] without a sample. The sampler shares this process's event
 * loop with the simulator and the client, so this shows how closely it kept to its interval.
 */
export function longestGapMs(samples: readonly RssSample[], fromMs: number, toMs: number): number {
  const times = [fromMs, ...samples.map((sample) => sample.atMs).filter((at) => at > fromMs && at < toMs), toMs];
  let longest = 0;
  for (let index = 1; index < times.length; index++) longest = Math.max(longest, times[index]! - times[index - 1]!);
  return longest;
}
