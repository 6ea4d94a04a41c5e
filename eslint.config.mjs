import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// ---------------------------------------------------------------------------------------------
// Import rules between the parts of the portal (ARCHITECTURE.md, "Rules between parts").
// lib/lint/import-rules.test.ts lints sample imports against this file and proves each rule fires.
//
// ESLint applies the options of the LAST config block that matches a file for a rule; it does not
// merge them. So every block below carries the complete list of patterns for its files, built from
// the shared pieces here, and more specific blocks come after more general ones.
// The core rule checks `import` and `export ... from` (also `import type`), not `import()`.
// ---------------------------------------------------------------------------------------------

/** A group of gitignore-style patterns; "@/lib/db" also covers "@/lib/db/connection". */
const group = (patterns, message) => ({ group: patterns, message });
/** A regular expression on the import string. */
const regex = (expression, message) => ({ regex: expression, message });

const TESTS = ["**/*.test.ts", "**/*.test.tsx"];

// lib/** never reaches up into the UI or the routes.
const NOT_APP_OR_COMPONENTS = [
  group(["@/app", "@/components"], "lib/ never imports app/ or components/."),
  regex(String.raw`^(\.\./)+(app|components)(/|$)`, "lib/ never imports app/ or components/."),
];

// Domain and data modules work without HTTP; the route wrappers call them, not the other way round.
const NOT_HTTP = [
  group(["@/lib/http"], "Domain modules do not import lib/http (route wrappers); throw AppError from @/lib/errors."),
  regex(String.raw`^(\.\./)+http(/|$)`, "Domain modules do not import lib/http (route wrappers)."),
];

const NOT_AUTH = [
  group(["@/lib/auth"], "lib/audit does not import lib/auth (auth records audit events, not the reverse)."),
  regex(String.raw`^(\.\./)+auth(/|$)`, "lib/audit does not import lib/auth."),
];

// What code shipped to the browser may import of the portal: the shared schemas, the API client and
// other components. Written as an allow-list, so that a new server folder is refused without an
// edit here; it refuses @/lib/db, @/lib/storage-api, @/lib/backups, @/lib/systems, @/lib/auth,
// @/lib/audit, @/lib/http, @/lib/errors (AppError is server-only), @/lib/log, @/lib/env,
// @/lib/simulator and the rest.
const BROWSER_WHY = "Browser code: import @/lib/schemas, @/lib/api-client or @/components, never server modules.";
const NOT_SERVER_ONLY = group(["server-only"], BROWSER_WHY);
const NODE_BUILTINS = regex("^node:", "Browser code: no Node built-ins.");
const COMPONENT_IMPORTS = [
  regex(String.raw`^@/(?!(lib/(schemas|api-client)|components)(/|$))`, BROWSER_WHY),
  regex(String.raw`^(\.\./)+(lib|app)(/|$)`, BROWSER_WHY),
  NOT_SERVER_ONLY,
];
const API_CLIENT_WHY = "lib/api-client runs in the browser: of the portal it imports only @/lib/schemas.";
const API_CLIENT_IMPORTS = [
  ...selfContained("lib/api-client", { alsoAllowed: ["lib/schemas"], why: API_CLIENT_WHY }),
  group(["server-only"], API_CLIENT_WHY),
];

/**
 * A self-contained folder: imports through "@/" must stay inside `folder` (or the `alsoAllowed`
 * folders); relative imports must not climb out of it. Packages are decided by `packages`:
 * `undefined` allows any, a list allows only those.
 */
function selfContained(folder, { alsoAllowed = [], packages, why }) {
  const inside = [folder, ...alsoAllowed].map((f) => f.replace(/^lib\//, "")).join("|");
  const patterns = [regex(String.raw`^@/(?!lib/(${inside})(/|$))`, why)];
  if (packages) {
    const allowed = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|");
    patterns.push(regex(String.raw`^(?!(${allowed})(/|$)|@/|\.)`, why));
  }
  return patterns;
}

/**
 * Blocks for one folder: `patterns` on every file, plus a ban on relative imports climbing out of
 * the folder when `closed` (computed per depth: "../x" is fine one folder down, not at the top).
 * `testPatterns` replaces `patterns` in *.test.ts files (the narrow exemptions for test support).
 */
function folderBlocks(folder, { patterns, testPatterns = patterns, closed = false }) {
  const rule = (list) => ({ "no-restricted-imports": ["error", { patterns: list }] });
  const blocks = [
    { files: [`${folder}/**`], ignores: TESTS, rules: rule(patterns) },
    { files: TESTS.map((t) => `${folder}/${t}`), rules: rule(testPatterns) },
  ];
  if (closed) {
    for (let depth = 0; depth <= 3; depth++) {
      const files = `${folder}/${"*/".repeat(depth)}*`;
      const climbOut = regex(
        String.raw`^(\./)?(\.\./){${depth}}\.\.(/|$)`,
        `${folder}/ is self-contained: no relative import out of it (other parts go through "@/").`,
      );
      blocks.push(
        { files: [files], ignores: TESTS, rules: rule([...patterns, climbOut]) },
        {
          files: TESTS.map((t) => files.replace(/\*$/, t.replace("**/", ""))),
          rules: rule([...testPatterns, climbOut]),
        },
      );
    }
  }
  return blocks;
}

const importRules = [
  // Everything under lib/ first; the folder blocks below replace it with a superset.
  ...folderBlocks("lib", { patterns: NOT_APP_OR_COMPONENTS }),

  ...["lib/backups", "lib/systems", "lib/auth", "lib/db", "lib/tokens"].flatMap((folder) =>
    folderBlocks(folder, { patterns: [...NOT_APP_OR_COMPONENTS, ...NOT_HTTP] }),
  ),
  ...folderBlocks("lib/audit", { patterns: [...NOT_APP_OR_COMPONENTS, ...NOT_HTTP, ...NOT_AUTH] }),

  // The storage client could be published on its own: nothing of the portal.
  // Its tests may use the simulator and the shared test support.
  ...folderBlocks("lib/storage-api", {
    closed: true,
    patterns: selfContained("lib/storage-api", { why: "lib/storage-api imports nothing of the portal." }),
    testPatterns: selfContained("lib/storage-api", {
      alsoAllowed: ["lib/simulator", "lib/test-support"],
      why: "lib/storage-api tests may import only the simulator and lib/test-support besides the client.",
    }),
  }),
  // The simulated storage system is a separate program: nothing of the portal.
  ...folderBlocks("lib/simulator", {
    closed: true,
    patterns: selfContained("lib/simulator", { why: "lib/simulator imports nothing of the portal." }),
  }),
  // Shared with the browser: only zod (and vitest in tests).
  ...folderBlocks("lib/schemas", {
    closed: true,
    patterns: selfContained("lib/schemas", { packages: ["zod"], why: "lib/schemas imports only zod." }),
    testPatterns: selfContained("lib/schemas", { packages: ["zod", "vitest"], why: "lib/schemas imports only zod." }),
  }),
  // Errors sit below every domain module: the API schemas and the storage client's error type only.
  ...folderBlocks("lib/errors", {
    closed: true,
    patterns: selfContained("lib/errors", {
      alsoAllowed: ["lib/schemas", "lib/storage-api"],
      why: "lib/errors may import only @/lib/schemas and @/lib/storage-api.",
    }),
    testPatterns: selfContained("lib/errors", {
      alsoAllowed: ["lib/schemas", "lib/storage-api", "lib/test-support"],
      why: "lib/errors may import only @/lib/schemas and @/lib/storage-api (tests also lib/test-support).",
    }),
  }),

  // The browser's API client, imported by components: the same limits as components.
  ...folderBlocks("lib/api-client", {
    closed: true,
    patterns: [...API_CLIENT_IMPORTS, NODE_BUILTINS],
    testPatterns: API_CLIENT_IMPORTS,
  }),

  // Browser code. Component tests run in Node and may use node: built-ins.
  ...folderBlocks("components", {
    patterns: [...COMPONENT_IMPORTS, NODE_BUILTINS],
    testPatterns: COMPONENT_IMPORTS,
  }),
];

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  ...importRules,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "data/**",
      ".sim-state/**",
    ],
  },
];

export default config;
