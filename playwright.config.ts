import { defineConfig } from "@playwright/test";

import { E2E } from "./e2e/settings";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  outputDir: `${E2E.dir}/results`,
  use: {
    baseURL: E2E.portalUrl,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-gpu",
      ],
    },
  },
  webServer: [
    {
      // The simulated storage systems, with a fresh certificate, as a separate process.
      command: `node --conditions=react-server --import tsx lib/simulator/cli.ts --base-port ${E2E.simulatorBasePort} --state-dir ${E2E.dir}/simulator --quiet`,
      url: `${E2E.simulatorControlUrl}/systems`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      // The production build on a fresh SQLite file.
      command: `rm -rf ${E2E.dataDir} && npm run build && npx next start -H 127.0.0.1 -p ${E2E.portalPort}`,
      url: `${E2E.portalUrl}/login`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "ignore",
      env: { PORTAL_DATA_DIR: E2E.dataDir, PORTAL_PUBLIC_URL: E2E.portalUrl, LOG_LEVEL: "warn" },
    },
  ],
});
