import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setClockForTests } from "@/lib/clock";
import { MAX_JSON_BODY_BYTES } from "@/lib/http/json-body";
import { backupRequestSchema } from "@/lib/schemas/backup-password";
import {
  captureLogs,
  openRouteTestDb,
  sessionCookieHeader,
  TEST_ORIGIN,
  type RouteTestDb,
} from "@/lib/test-support/auth";
import { ManualClock } from "@/lib/test-support/manual-clock";

/*
 * Every exported handler of every app/api/**\/route.ts, fed malformed, oversized, wrongly typed
 * and hostile input, signed in as an admin and as nobody: each answer is a 2xx (the input happened
 * to be valid) or a 4xx in the portal's error shape, never a 5xx, a stack trace or an unhandled error.
 */

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Endpoint {
  route: string;
  method: string;
  params: string[];
  handler: Handler;
}

const API_DIR = path.dirname(fileURLToPath(import.meta.url));
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const SOME_UUID = "5b0c2d3e-8f1a-4b6c-9d7e-0a1b2c3d4e5f";

async function loadEndpoints(): Promise<Endpoint[]> {
  const files = readdirSync(API_DIR, { recursive: true, encoding: "utf8" }).filter(
    (file) => path.basename(file) === "route.ts",
  );
  const endpoints: Endpoint[] = [];
  for (const file of files.sort()) {
    const route = `/api/${path.dirname(file).split(path.sep).join("/")}`;
    const params = [...route.matchAll(/\[(\w+)\]/g)].map((match) => match[1]!);
    const exports = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof exports[method] === "function")
        endpoints.push({ route, method, params, handler: exports[method] as Handler });
    }
  }
  return endpoints;
}

const deep = (levels: number, open: string, close: string, inner = "1") =>
  `${open.repeat(levels)}${inner}${close.repeat(levels)}`;
const KNOWN_KEYS = [
  "username",
  "password",
  "token",
  "role",
  "disabled",
  "name",
  "baseUrl",
  "storageDeviceId",
  "trust",
  "passwordPolicy",
  "storageUsername",
  "storagePassword",
  "backupPassword",
  "backupPasswordConfirmation",
  "backupIntervalDays",
];
const HUGE = "x".repeat(MAX_JSON_BODY_BYTES - 1024);

/** Bodies as sent on the wire: text, or raw bytes. */
const BODIES: (string | Uint8Array)[] = [
  "",
  " ",
  "{",
  "}",
  "{'a':1}",
  "null",
  "true",
  "0",
  "-1e999",
  '"text"',
  "[]",
  "{}",
  '{"__proto__":{"role":"admin"}}',
  '{"constructor":{"prototype":{"role":"admin"}}}',
  deep(10_000, "[", "]"),
  deep(10_000, '{"a":', "}"),
  deep(8_000, "[", "]"),
  deep(3_000, '{"a":', "}"),
  JSON.stringify({ text: "a".repeat(1024 * 1024) }),
  "\u0000",
  '{"username":"\\u0000","password":"\\u0000\\u0000","name":"a\\u0000b"}',
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
  new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  JSON.stringify(Object.fromEntries(KNOWN_KEYS.map((key) => [key, HUGE.slice(0, 1000)]))),
  JSON.stringify({ username: HUGE }),
  JSON.stringify(Object.fromEntries(KNOWN_KEYS.map((key) => [key, 12345]))),
  JSON.stringify(Object.fromEntries(KNOWN_KEYS.map((key) => [key, [null, {}]]))),
  JSON.stringify(Object.fromEntries(KNOWN_KEYS.map((key) => [key, { nested: true }]))),
  JSON.stringify({ trust: { sha256Fingerprint: "../../etc/passwd", extra: 1 }, passwordPolicy: { minLength: -1 } }),
  JSON.stringify({ baseUrl: "file:///etc/passwd", name: "../../etc/passwd" }),
  JSON.stringify({ backupIntervalDays: "1e400" }),
  JSON.stringify({ role: "root", disabled: "yes", password: 1 }),
];
const CONTENT_TYPES = [
  undefined,
  "text/plain",
  "application/json; charset=utf-16",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/jsonx",
];
const ODD_IDS = [
  "../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "\u0000",
  "a".repeat(10_000),
  "",
  " ",
  "..",
  "00000000-0000-0000-0000-000000000000",
  SOME_UUID.toUpperCase(),
  `${SOME_UUID}\n`,
  "🙂",
  "1 OR 1=1",
  "<script>alert(1)</script>",
];
const QUERIES = [
  "?limit=-1&cursor=",
  "?limit=1e309",
  `?cursor=${"z".repeat(10_000)}`,
  "?from=yesterday&to=%00",
  "?from=2026-05-02&to=2026-05-01",
  "?sha256=../../etc/passwd",
  "?format=xml&status=%3Cscript%3E",
  "?includeRemoved=maybe",
  "?status=never&status=refused",
  "?format=csv&actor=%00",
];

describe("every API route under hostile input", () => {
  let t: RouteTestDb<"admin">;
  let adminId: string;
  let endpoints: Endpoint[];
  let restoreClock: () => void;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    t = await openRouteTestDb(["admin"], "fuzz");
    adminId = (
      await t.db.selectFrom("users").select("id").where("username", "=", "fuzz-admin").executeTakeFirstOrThrow()
    ).id;
    endpoints = await loadEndpoints();
    // Throttled sign-ins would sleep; a still clock lets them answer at once.
    restoreClock = setClockForTests(new ManualClock());
    logs = captureLogs();
  });
  afterAll(async () => {
    logs.restore();
    restoreClock();
    await t.close();
  });

  /** A fresh admin session per request: POST /api/auth/logout may end the previous one. */
  async function cookieFor(as: "admin" | "nobody"): Promise<string | undefined> {
    return as === "admin" ? sessionCookieHeader(t.db, { id: adminId }) : undefined;
  }

  async function send(
    endpoint: Endpoint,
    options: { as: "admin" | "nobody"; body?: string | Uint8Array; contentType?: string; id?: string; query?: string },
  ): Promise<void> {
    const ids = Object.fromEntries(endpoint.params.map((name) => [name, options.id ?? SOME_UUID]));
    const pathname = endpoint.route.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(ids[name]!));
    const headers = new Headers({ host: new URL(TEST_ORIGIN).host, "x-forwarded-for": "192.0.2.77" });
    if (endpoint.method !== "GET" && endpoint.method !== "HEAD") headers.set("origin", TEST_ORIGIN);
    const cookie = await cookieFor(options.as);
    if (cookie) headers.set("cookie", cookie);
    if (options.contentType) headers.set("content-type", options.contentType);
    const hasBody = options.body !== undefined && endpoint.method !== "GET" && endpoint.method !== "HEAD";
    const request = new NextRequest(new URL(`${pathname}${options.query ?? ""}`, TEST_ORIGIN), {
      method: endpoint.method,
      headers,
      body: hasBody ? (options.body as BodyInit) : undefined,
    });
    const label = `${endpoint.method} ${pathname.slice(0, 120)} as ${options.as}`;
    const response = await endpoint.handler(request, { params: Promise.resolve(ids) });
    await expectSafeAnswer(response, label);
  }

  async function expectSafeAnswer(response: Response, label: string): Promise<void> {
    expect(response.status, label).toBeGreaterThanOrEqual(200);
    expect(response.status, label).toBeLessThan(500);
    const text = await response.text();
    expect(text, label).not.toMatch(/\n\s+at |node_modules|\.tsx?:\d+/);
    if (response.status < 400) return;
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, `${label}: ${text.slice(0, 200)}`).toBe("string");
    expect(typeof body.error?.message, label).toBe("string");
  }

  it("finds the routes", () => {
    const found = endpoints.map((endpoint) => `${endpoint.method} ${endpoint.route}`);
    expect(found).toEqual(expect.arrayContaining(["POST /api/auth/login", "POST /api/setup", "GET /api/health"]));
    expect(found.length).toBeGreaterThanOrEqual(20);
  });

  it("answers hand-written bad bodies and content types with a 4xx", async () => {
    for (const as of ["admin", "nobody"] as const) {
      for (const endpoint of endpoints.filter((endpoint) => endpoint.method !== "GET" && endpoint.method !== "HEAD")) {
        for (const body of BODIES) await send(endpoint, { as, body, contentType: "application/json" });
        for (const contentType of CONTENT_TYPES) await send(endpoint, { as, body: '{"a":1}', contentType });
      }
    }
  });

  it("answers odd ids and queries with a 4xx", async () => {
    for (const as of ["admin", "nobody"] as const) {
      for (const endpoint of endpoints) {
        const body = endpoint.method === "GET" ? undefined : "{}";
        if (endpoint.params.length > 0) {
          for (const id of ODD_IDS) await send(endpoint, { as, id, body, contentType: "application/json" });
        }
        if (endpoint.method === "GET") for (const query of QUERIES) await send(endpoint, { as, query });
      }
    }
  });

  it("answers generated bodies, ids and queries with a 2xx or a 4xx", async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }).map((json) => JSON.stringify(json)),
      fc
        .dictionary(fc.constantFrom(...KNOWN_KEYS, "extra", "__proto__"), value, { maxKeys: 6 })
        .map((json) => JSON.stringify(json)),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }),
    );
    const id = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.uuid(), fc.constantFrom(...ODD_IDS));
    const query = fc
      .dictionary(fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 100 }), { maxKeys: 4 })
      .map((entries) => `?${new URLSearchParams(entries).toString()}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.constantFrom("admin" as const, "nobody" as const),
        body,
        fc.option(id, { nil: undefined }),
        query,
        async (endpoint, as, generatedBody, generatedId, generatedQuery) => {
          // The backup route streams a key file; send it only bodies it refuses.
          if (endpoint.route.endsWith("/backups") && endpoint.method === "POST" && typeof generatedBody === "string") {
            const parsed = (() => {
              try {
                return backupRequestSchema.safeParse(JSON.parse(generatedBody)).success;
              } catch {
                return false;
              }
            })();
            fc.pre(!parsed);
          }
          await send(endpoint, {
            as,
            body: generatedBody,
            contentType: "application/json",
            id: generatedId,
            query: generatedQuery,
          });
        },
      ),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
  });

  it("logged no unhandled error", () => {
    expect(logs.lines.filter((line) => line.includes('"http.unhandled"'))).toEqual([]);
  });
});
