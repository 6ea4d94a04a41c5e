// Entry point of `npm run bench` (after `next build`) and `npm run bench:fleet` (`--only reads`):
// latency, throughput and memory through the production portal beside the storage client alone,
// fleet load on one and on two portals, and reads at fleet size. One table on stdout, the same
// figures as JSON in a file. Missing a target is reported, not an error; a broken portal is one.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

import { errorMessage } from "@/lib/errors/error-message";

import { parseOptions, USAGE } from "./options";

// A last resort against a hang nobody foresaw; every wait in the sections has its own, shorter limit.
const WATCHDOG_MS = 20 * 60_000;

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    console.log(USAGE);
    return;
  }
  const work = join(options.dataDir, "work");
  // Read on first use by the portal's modules, so set before they load: quiet set-up, a scratch
  // folder, and SQLite unless a section says otherwise.
  process.env.LOG_LEVEL = "warn";
  process.env.PORTAL_DATA_DIR = work;
  delete process.env.DATABASE_URL;
  const { runBench, stopEverything } = await import("./run");
  const { formatReport } = await import("./report");
  const { brokenFigures } = await import("./targets");

  setTimeout(() => {
    console.error(`bench: FAILED: still running after ${WATCHDOG_MS / 60_000} minutes`);
    void stopEverything().finally(() => process.exit(1));
  }, WATCHDOG_MS).unref();
  process.once("SIGINT", () => void stopEverything().finally(() => process.exit(130)));
  process.once("SIGTERM", () => void stopEverything().finally(() => process.exit(143)));

  const results = await runBench(options, work);
  console.log(formatReport(results));
  await mkdir(dirname(options.json), { recursive: true });
  await writeFile(options.json, `${JSON.stringify(results, null, 2)}\n`);
  console.error(`bench: figures written to ${options.json}`);
  const broken = brokenFigures(results);
  for (const line of broken) console.error(`bench: FAILED: ${line}`);
  process.exit(broken.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`bench: FAILED: ${errorMessage(error)}`);
  process.exit(1);
});
