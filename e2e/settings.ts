/** Where the end-to-end run puts its servers and files (all on loopback, all under .e2e/). */
const portalPort = Number(process.env.E2E_PORT ?? 3100);
const simulatorBasePort = Number(process.env.E2E_SIMULATOR_BASE_PORT ?? 18600);

export const E2E = {
  dir: ".e2e",
  dataDir: ".e2e/portal",
  portalPort,
  portalUrl: `http://127.0.0.1:${portalPort}`,
  simulatorBasePort,
  // The simulator CLI puts its control server at base port + 20.
  simulatorControlUrl: `http://127.0.0.1:${simulatorBasePort + 20}`,
};
