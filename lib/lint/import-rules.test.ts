// Proves that the import rules in eslint.config.mjs fire: each case lints one line of source at a
// virtual path (the file need not exist) with the repository's own config, and counts the
// no-restricted-imports reports. Only that rule runs, so other rules cannot blur the count.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const RULE = "no-restricted-imports";
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

let eslint: ESLint;

async function reports(filePath: string, code: string) {
  const results = await eslint.lintText(`${code}\n`, { filePath, warnIgnored: false });
  // An ignored path would give no result at all and prove nothing.
  expect(results, `${filePath} is linted`).toHaveLength(1);
  const messages = results[0]!.messages;
  expect(
    messages.filter((m) => m.fatal),
    `${filePath} parses`,
  ).toEqual([]);
  return messages.filter((m) => m.ruleId === RULE);
}

beforeAll(async () => {
  eslint = new ESLint({ cwd: repoRoot, ruleFilter: ({ ruleId }) => ruleId === RULE });
  // Loading the config and its plugins is the slow part; do it once, outside the cases.
  await eslint.lintText("export {};\n", { filePath: "lib/warm-up.ts" });
});

type Case = [filePath: string, code: string];

const forbidden: Case[] = [
  // components: browser code, no server modules
  ["components/x/fixture.tsx", `import { openDb } from "@/lib/db/connection";`],
  ["components/x/fixture.tsx", `import { withStorageSession } from "@/lib/storage-api";`],
  ["components/x/fixture.tsx", `import type { SessionUser } from "@/lib/auth/current-user";`],
  ["components/x/fixture.tsx", `import { AppError } from "@/lib/errors";`],
  ["components/x/fixture.tsx", `import { logger } from "@/lib/log";`],
  ["components/x/fixture.tsx", `import { getEnv } from "@/lib/env";`],
  ["components/x/fixture.tsx", `import "server-only";`],
  ["components/x/fixture.tsx", `import { createHash } from "node:crypto";`],
  ["components/x/fixture.tsx", `export { runBackup } from "@/lib/backups/run-backup";`],
  ["components/x/fixture.tsx", `import { nowIso } from "@/lib/clock";`],
  ["components/x/fixture.tsx", `import RootLayout from "@/app/layout";`],
  ["components/x/fixture.tsx", `import { openDb } from "../../lib/db/connection";`],
  ["components/x/fixture.test.ts", `import { openDb } from "@/lib/db/connection";`],
  ["lib/api-client/fixture.ts", `import { openDb } from "@/lib/db/connection";`],
  ["lib/api-client/fixture.ts", `import { Button } from "@/components/ui/button";`],
  ["lib/api-client/fixture.ts", `import { roleSchema } from "../schemas/role";`],
  ["lib/api-client/fixture.ts", `import "server-only";`],
  // lib/storage-api: nothing of the portal, not even by a relative path
  ["lib/storage-api/fixture.ts", `import { logger } from "@/lib/log";`],
  ["lib/storage-api/fixture.ts", `import { normaliseFingerprint } from "@/lib/schemas/fingerprint";`],
  ["lib/storage-api/fixture.ts", `import { logger } from "../log";`],
  ["lib/storage-api/fixture.ts", `import { startSimulator } from "@/lib/simulator/server";`],
  // lib/schemas: zod only
  ["lib/schemas/fixture.ts", `import { getEnv } from "@/lib/env";`],
  ["lib/schemas/fixture.ts", `import { useState } from "react";`],
  ["lib/schemas/fixture.ts", `import type { Db } from "../db/connection";`],
  // lib/simulator: nothing of the portal
  ["lib/simulator/fixture.ts", `import { StorageApiError } from "@/lib/storage-api/errors";`],
  ["lib/simulator/handlers/fixture.ts", `import { supportsKeyBackup } from "../../storage-api/microcode";`],
  // lib/audit: not lib/auth; domain and data modules: not lib/http
  ["lib/audit/fixture.ts", `import { startSession } from "@/lib/auth/sessions";`],
  ["lib/backups/fixture.ts", `import { withSession } from "@/lib/http/with-session";`],
  ["lib/systems/fixture.ts", `import { errorResponse } from "@/lib/http/error-response";`],
  ["lib/auth/fixture.ts", `import { errorResponse } from "@/lib/http/error-response";`],
  ["lib/db/fixture.ts", `import { errorResponse } from "../http/error-response";`],
  ["lib/tokens/fixture.ts", `import { withSession } from "@/lib/http/with-session";`],
  // lib/errors: lib/schemas and lib/storage-api only
  ["lib/errors/fixture.ts", `import { openDb } from "@/lib/db/connection";`],
  ["lib/errors/fixture.ts", `import { logger } from "@/lib/log";`],
  // lib/**: never app/ or components/
  ["lib/x/fixture.ts", `import RootLayout from "@/app/layout";`],
  ["lib/x/fixture.ts", `import { Button } from "@/components/ui/button";`],
  ["lib/backups/fixture.ts", `import { POST } from "@/app/api/systems/[id]/backups/route";`],
  ["lib/backups/fixture.int.test.ts", `import { POST } from "@/app/api/systems/[id]/backups/route";`],
  ["lib/fixture.ts", `import RootLayout from "../app/layout";`],
];

const allowed: Case[] = [
  ["components/x/fixture.tsx", `import { roleSchema } from "@/lib/schemas/role";`],
  ["components/x/fixture.tsx", `import { requestJson } from "@/lib/api-client/request-json";`],
  ["components/x/fixture.tsx", `import { Button } from "@/components/ui/button";`],
  ["components/x/fixture.test.ts", `import { createHash } from "node:crypto";`],
  ["lib/api-client/fixture.ts", `import { apiErrorSchema } from "@/lib/schemas/api-error";`],
  ["lib/storage-api/fixture.ts", `import { Agent } from "undici";\nimport { StorageApiError } from "./errors";`],
  ["lib/storage-api/fixture.int.test.ts", `import { startSimulator } from "@/lib/simulator/server";`],
  ["lib/storage-api/fixture.test.ts", `import { closedPort } from "@/lib/test-support/assertions";`],
  ["lib/schemas/fixture.ts", `import { z } from "zod";\nimport { roleSchema } from "./role";`],
  ["lib/schemas/fixture.test.ts", `import { it } from "vitest";`],
  ["lib/simulator/fixture.ts", `import { supportsKeyBackup } from "./microcode";`],
  ["lib/simulator/handlers/fixture.ts", `import { errors } from "../errors";`],
  ["lib/errors/fixture.ts", `import type { ApiErrorDetail } from "@/lib/schemas/api-error";`],
  ["lib/errors/fixture.ts", `import { StorageApiError } from "@/lib/storage-api";`],
  ["lib/audit/fixture.ts", `import { appendAuditEvent } from "@/lib/db/audit-events";`],
  ["lib/backups/fixture.ts", `import { notFound } from "@/lib/errors";`],
  ["lib/http/fixture.ts", `import { authenticateRequest } from "@/lib/auth/current-user";`],
  ["lib/http/fixture.ts", `import { authenticateToken } from "@/lib/tokens/authenticate-token";`],
  ["app/api/x/route.ts", `import { openDb } from "@/lib/db/connection";`],
  ["app/api/x/routes.int.test.ts", `import { everythingStored } from "@/lib/systems/test-support";`],
];

describe("import rules (eslint.config.mjs)", () => {
  it.each(forbidden)("%s: %s is reported", async (filePath, code) => {
    const found = await reports(filePath, code);
    expect(found.map((m) => m.ruleId)).toEqual([RULE]);
  });

  it.each(allowed)("%s: %s is allowed", async (filePath, code) => {
    expect(await reports(filePath, code)).toEqual([]);
  });
});
