// Entry point of `npm run demo` (after `next build`): the simulated storage systems and the portal
// on a fresh SQLite file, with the systems registered and a demo admin made for this run. The
// banner comes once the portal answers, goes to data/demo/README.txt too, and Enter shows it again;
// the portal's own log lines go to data/demo/portal.log, not over the banner.
import type { ChildProcess } from "node:child_process";
import { closeSync } from "node:fs";
import { join, relative, resolve } from "node:path";

import { errorMessage } from "@/lib/errors/error-message";
import { DEFAULT_SYSTEMS } from "@/lib/simulator/default-systems";
import type { Simulator } from "@/lib/simulator/types";

import { demoBanner, demoHint } from "./banner";
import { DEMO_BACKUP_PASSWORD, OVERDUE_DAYS } from "./demo-values";
import { lastLines, openOwnerOnlyLog, writeOwnerOnly } from "./files";
import { prepareLab, startPortal, type Lab } from "./lab";

const dataDir = resolve(process.env.DEMO_DATA_DIR ?? "data/demo");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.DEMO_HOST ?? "127.0.0.1";
const portalUrl = `http://${host}:${port}`;
const logFile = join(dataDir, "portal.log");
const readmeFile = join(dataDir, "README.txt");
/** The portal's own drain (SHUTDOWN_GRACE_SECONDS) plus time to close; then it is killed. */
const STOP_TIMEOUT_MS = (Number(process.env.SHUTDOWN_GRACE_SECONDS ?? 30) + 15) * 1000;
const READY_TIMEOUT_MS = 120_000;

/** A path as the user would type it from here. */
function shown(file: string): string {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith("..") ? path : file;
}

/** Until GET /api/health answers 200; false if the portal exits first. */
async function waitUntilReady(portal: ChildProcess): Promise<boolean> {
  const health = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/api/health`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (portal.exitCode === null && portal.signalCode === null) {
    const ready = await fetch(health, { signal: AbortSignal.timeout(5000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return true;
    if (Date.now() > deadline) {
      portal.kill("SIGKILL");
      throw new Error(`the portal did not answer ${health} within 2 minutes; see ${shown(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function bannerOf(lab: Lab): string {
  const [first] = lab.simulator.systems;
  return demoBanner({
    portalUrl,
    admin: lab.admin,
    systems: lab.systems.map((system) => ({ name: system.name, ...system.simulated })),
    storageUsers: first!.users,
    controlUrl: lab.simulator.controlUrl,
    backupPassword: DEMO_BACKUP_PASSWORD,
    overdueDays: OVERDUE_DAYS,
    dataDir: shown(dataDir),
    readmeFile: shown(readmeFile),
    logFile: shown(logFile),
  });
}

/** Ctrl+C, SIGTERM, SIGHUP, or the portal ending on its own: the portal first, then the simulator. */
function handleStopping(portal: ChildProcess, simulator: Simulator): void {
  let stopping = false;
  const exited = new Promise<void>((resolve) => portal.once("exit", () => resolve()));
  const finish = async (code: number) => {
    await simulator.close().catch(() => undefined);
    process.exit(code);
  };
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (process.stdin.isTTY) process.stdin.pause();
    console.log("\nStopping the portal (running backups may finish first), then the simulated storage systems...");
    // After Ctrl+C the terminal has sent the portal SIGINT too; a second signal changes nothing.
    if (portal.exitCode === null && portal.signalCode === null) portal.kill("SIGTERM");
    const timer = setTimeout(() => portal.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    console.log("Demo stopped.");
    await finish(0);
  };
  portal.once("exit", (code, signal) => {
    if (stopping) return;
    stopping = true;
    console.error(
      `\nThe portal stopped on its own (${signal ?? `exit code ${code}`}). Its last lines, from ${shown(logFile)}:\n` +
        lastLines(logFile, 20),
    );
    void finish(1);
  });
  portal.once("error", (error) => {
    console.error(`demo: cannot start the portal: ${errorMessage(error)}`);
    void finish(1);
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop());
}

async function main(): Promise<void> {
  console.log(`Preparing the demo in ${shown(dataDir)}: simulated storage systems, a fresh database, the fleet...`);
  const lab = await prepareLab({
    dataDir,
    systems: DEFAULT_SYSTEMS.map((config) => ({ name: `${config.model} lab`, config })),
    adminUsername: "demo-admin",
    via: "demo",
    // The staging's expected refusal (the G370's 412) would log a warning above the banner.
    setupLogLevel: "error",
    // Imported only then: the portal's modules read LOG_LEVEL when first loaded, after the lab set it.
    afterRegister: async (context) => (await import("./fleet-stage")).stageDemoFleet(context),
  });

  const log = openOwnerOnlyLog(logFile);
  const portal = startPortal(lab, { host, port, stdio: ["ignore", log, log] });
  closeSync(log);
  handleStopping(portal, lab.simulator);
  console.log(`Starting the portal on ${portalUrl} (its log: ${shown(logFile)})...`);
  if (!(await waitUntilReady(portal))) return; // the exit handler tells why

  const banner = bannerOf(lab);
  writeOwnerOnly(readmeFile, `${banner}\nWritten by npm run demo at ${new Date().toISOString()}.\n`);
  const interactive = Boolean(process.stdin.isTTY);
  const print = () => console.log(`\n${banner}\n${demoHint(interactive)}`);
  print();
  if (interactive) {
    // Line mode, as the terminal delivers it: Enter (or "b" and Enter) shows the banner again,
    // and Ctrl+C still reaches the portal and this process as SIGINT.
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", print);
  }
}

main().catch((error: unknown) => {
  console.error(`demo: ${errorMessage(error)}`);
  process.exit(1);
});
