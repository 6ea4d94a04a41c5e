// Entry point of `npm run demo` (after `next build`): the simulated storage systems and the portal
// on a fresh SQLite file, with the systems registered and a demo admin made for this run.
import { resolve } from "node:path";

import { errorMessage } from "@/lib/errors/error-message";
import { DEFAULT_SYSTEMS } from "@/lib/simulator/default-systems";

import { DEMO_BACKUP_PASSWORD, OVERDUE_DAYS } from "./demo-values";
import { prepareLab, startPortal } from "./lab";

const dataDir = resolve(process.env.DEMO_DATA_DIR ?? "data/demo");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.DEMO_HOST ?? "127.0.0.1";

async function main(): Promise<void> {
  const lab = await prepareLab({
    dataDir,
    systems: DEFAULT_SYSTEMS.map((config) => ({ name: `${config.model} lab`, config })),
    adminUsername: "demo-admin",
    via: "demo",
    // Imported only then: the portal's modules read LOG_LEVEL when first loaded, after the lab set it.
    afterRegister: async (context) => (await import("./fleet-stage")).stageDemoFleet(context),
  });
  const { simulator } = lab;
  const { username, password } = lab.admin;

  const portal = startPortal(lab, { host, port, stdio: ["ignore", "inherit", "inherit"] });

  const users = simulator.systems[0]!.users;
  console.log(`
Key-backup portal demo
  Portal        http://${host}:${port}
  Sign in as    ${username} / ${password}   (made for this run)
  Data folder   ${dataDir}

Simulated storage systems (registered, certificates pinned):
${simulator.systems
  .map(
    (system) =>
      `  ${`${system.model} lab`.padEnd(14)} serial ${system.serialNumber}  ${system.baseUrl}  microcode ${system.microcode}`,
  )
  .join("\n")}
  Storage users on each: ${users.map((u) => `${u.username} / ${u.password} (${u.roles.join(", ")})`).join(", ")}
  The VSP G370 is set to refuse key backup (412), as an array whose microcode lacks the function does.
  The VSP One B26 (microcode A3-04-21-40/00) backs up like the others.

The fleet (http://${host}:${port}/) shows every status, made with real calls to the simulated arrays:
  VSP E990 backed up now (up to date); VSP 5500 backed up now, its history row dated ${OVERDUE_DAYS} days back
  (overdue); VSP G370 refused with 412; VSP One B26 backed up, then 3 keys created and checked (keys
  not backed up); VSP E590 never backed up. The demo's backups use the backup password ${DEMO_BACKUP_PASSWORD}.

Press Ctrl+C to stop.
`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    portal.kill("SIGTERM");
    await simulator.close();
    process.exit(code);
  };
  portal.on("exit", (code) => void stop(code ?? 0));
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}

main().catch((error: unknown) => {
  console.error(`demo: ${errorMessage(error)}`);
  process.exit(1);
});
