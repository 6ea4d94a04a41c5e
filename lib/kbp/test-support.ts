import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/*
 * For lib/kbp/kbp.rel.test.ts: runs `kbp` as an installed package's bin would be run, with no
 * KBP_* variable of the test's own environment, and hands back what it printed.
 */

const BIN = path.resolve(import.meta.dirname, "../../bin/kbp.mjs");

export interface KbpRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The first line of stdout, parsed: the JSON line of `kbp backup` ({} when not JSON). */
  line: Record<string, unknown>;
}

export interface KbpOptions {
  cwd: string;
  env?: Record<string, string>;
  stdin?: string;
  /** Called with the running child (to signal it). */
  onSpawn?: (child: ChildProcess) => void;
  /** Gets stdout and stderr of every run (to scan them for secrets). */
  printed?: string[];
}

export function runKbp(args: string[], options: KbpOptions): Promise<KbpRun> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("KBP_")));
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...clean, ...options.env } as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      options.printed?.push(stdout, stderr);
      let line: Record<string, unknown> = {};
      try {
        line = JSON.parse(stdout.trim().split("\n")[0] ?? "") as Record<string, unknown>;
      } catch {
        line = {};
      }
      resolve({ code, stdout, stderr, line });
    });
    child.stdin.end(options.stdin ?? "");
    options.onSpawn?.(child);
  });
}
