#!/usr/bin/env node
// `kbp`, the package's command for scheduled backups (lib/kbp). It runs the TypeScript entry with
// tsx, as the other commands of this repository do; arguments, stdin, stdout, stderr and the exit
// code pass straight through, and SIGINT/SIGTERM reach the command (which deletes a partial file).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsx = pathToFileURL(createRequire(path.join(root, "package.json")).resolve("tsx")).href;
const child = spawn(process.execPath, ["--import", tsx, path.join(root, "lib/kbp/cli.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  process.exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
});
