import { constants } from "node:os";

import { main } from "./main";

/*
 * The entry point bin/kbp.mjs runs. SIGINT/SIGTERM stop a running backup (its temporary file is
 * deleted and the JSON line printed, exit 5); a run still busy 10 s later exits 128 + the signal.
 */
const abort = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (abort.signal.aborted) return;
    abort.abort();
    setTimeout(() => process.exit(128 + constants.signals[signal]), 10_000).unref();
  });
}
process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: abort.signal,
});
