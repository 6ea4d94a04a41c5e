import { defineConfig } from "vitest/config";

import base from "./vitest.config";

// Crash, shutdown and load tests (`npm run test:reliability`): slower, one file at a time so their
// processes and timings do not crowd each other on a small machine. `npm test` runs them last.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["lib/**/*.rel.test.ts", "app/**/*.rel.test.ts"],
    exclude: ["**/node_modules/**"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
