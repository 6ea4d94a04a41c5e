// Entry point of `npm run simulator`. No "server-only" import here: this file is the process itself.
import { parseArgs } from "node:util";

import { DEFAULT_SYSTEMS } from "./default-systems";
import { startSimulator } from "./server";

const USAGE = `Usage: npm run simulator -- [options]
  --state-dir DIR   where cert.pem, key.pem, fingerprint.txt and systems.json go (default .sim-state)
  --host ADDRESS    address to listen on (default 127.0.0.1)
  --base-port N     systems on N, N+1, ...; server form on N+10; control on N+20 (default: ephemeral ports)
  --http            plain HTTP instead of HTTPS (testing only)
  --quiet           do not print one line per request
  --help`;

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port + 20 > 65535) {
    throw new Error(`--base-port must be a port number from 1 to 65515, got ${value}`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "state-dir": { type: "string", default: ".sim-state" },
      host: { type: "string", default: "127.0.0.1" },
      "base-port": { type: "string" },
      http: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const basePort = parsePort(values["base-port"]);
  if (values.http) {
    console.warn("WARNING: plain HTTP. Passwords and tokens cross the network unencrypted; use this for testing only.");
  }

  const simulator = await startSimulator({
    systems: [...DEFAULT_SYSTEMS],
    host: values.host,
    tls: !values.http,
    stateDir: values["state-dir"],
    ports: basePort === undefined ? undefined : DEFAULT_SYSTEMS.map((_, index) => basePort + index),
    serverFormPort: basePort === undefined ? undefined : basePort + 10,
    controlPort: basePort === undefined ? undefined : basePort + 20,
    log: values.quiet ? undefined : (line) => console.log(`[${new Date().toISOString()}] ${line}`),
  });

  // The passwords are printed here, on purpose, and nowhere else: this is a simulator and whoever
  // starts it needs them to register the systems in the portal.
  console.log("Simulated storage systems:");
  for (const system of simulator.systems) {
    const backup = simulator.settings(system.storageDeviceId).refusesKeyBackup
      ? "  (set to refuse the key backup: 412)"
      : "";
    console.log(`
  ${system.model}  serial ${system.serialNumber}  storageDeviceId ${system.storageDeviceId}
    microcode   ${system.microcode}${backup}
    base URL    ${system.controllerBaseUrls.map((url, ctl) => `${url}  (CTL${ctl + 1})`).join("\n                ")}
    users       ${system.users.map((user) => `${user.username} / ${user.password} (${user.roles.join(", ")})`).join("\n                ")}`);
  }
  console.log("");
  if (simulator.sha256Fingerprint) console.log(`Certificate SHA-256 fingerprint: ${simulator.sha256Fingerprint}`);
  if (simulator.serverFormBaseUrl) console.log(`REST API server form:            ${simulator.serverFormBaseUrl}`);
  console.log(`Control server:                  ${simulator.controlUrl}`);
  console.log(`State written to:                ${values["state-dir"]}`);
  console.log("Press Ctrl+C to stop.");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the simulator`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
