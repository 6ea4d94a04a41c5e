import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

import { buildOpenApiDocument, openApiPath } from "@/lib/openapi/document";
import { TEST_ORIGIN } from "@/lib/test-support/auth";

import { GET } from "./openapi.json/route";

/*
 * GET /api/openapi.json describes every route file under app/api, and nothing else: a new route
 * (or a new exported method) fails here until lib/openapi describes it. The document must also
 * pass a standard OpenAPI 3.1 validator.
 */

const API_DIR = path.dirname(fileURLToPath(import.meta.url));
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const DESCRIBED_METHODS = new Set(["get", "head", "post", "put", "patch", "delete", "options", "trace"]);

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

/** "METHOD /api/path/{param}" for each exported handler of each app/api/**\/route.ts. */
async function routeOperations(): Promise<string[]> {
  const files = readdirSync(API_DIR, { recursive: true, encoding: "utf8" }).filter(
    (file) => path.basename(file) === "route.ts",
  );
  const operations: string[] = [];
  for (const file of files.sort()) {
    const exports = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    const route = openApiPath(path.dirname(file));
    for (const method of METHODS) {
      if (typeof exports[method] === "function") operations.push(`${method.toLowerCase()} ${route}`);
    }
  }
  return operations.sort();
}

function describedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([route, item]) =>
      Object.keys(item)
        .filter((key) => DESCRIBED_METHODS.has(key))
        .map((method) => `${method} ${route}`),
    )
    .sort();
}

describe("GET /api/openapi.json", () => {
  let document: OpenApiDocument;
  beforeAll(() => {
    document = buildOpenApiDocument() as unknown as OpenApiDocument;
  });

  it("describes every route file's exported methods, and no route that does not exist", async () => {
    const routes = await routeOperations();
    const described = describedOperations(document);
    const undescribed = routes.filter((operation) => !described.includes(operation));
    const missing = described.filter((operation) => !routes.includes(operation));
    expect(undescribed, "routes to describe in lib/openapi/operations-*.ts").toEqual([]);
    expect(missing, "described operations without a route file").toEqual([]);
    expect(routes.length).toBeGreaterThan(20);
  });

  it("declares each path parameter of each operation", () => {
    for (const [route, item] of Object.entries(document.paths)) {
      const names = [...route.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      for (const [method, operation] of Object.entries(item)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        expect(declared.sort(), `${method} ${route}`).toEqual(names);
      }
    }
  });

  it("is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // Every $ref resolves (the error schema), and none points into a converted schema's own $defs.
    expect(() => validator.resolveRefs()).not.toThrow();
    expect(JSON.stringify(document)).not.toContain('"#/$defs/');
  });

  it("describes the backup download's headers and the error codes", () => {
    const download = document.paths["/api/systems/{id}/backups"]!.post as unknown as {
      responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
    };
    expect(Object.keys(download.responses["200"]!.content!)).toEqual(["application/octet-stream"]);
    expect(Object.keys(download.responses["200"]!.headers!)).toEqual(
      expect.arrayContaining([
        "Cache-Control",
        "Content-Disposition",
        "X-Backup-Id",
        "X-Backup-Expected-Size",
        "Server-Timing",
      ]),
    );
    expect(download.responses["409"]).toMatchObject({
      "x-error-codes": expect.arrayContaining(["BACKUP_IN_PROGRESS"]),
    });
    expect(download.responses["401"]).toMatchObject({ "x-error-codes": ["UNAUTHENTICATED"] });
  });

  it("answers 200 JSON, no-store, without a session", async () => {
    const response = await GET(new NextRequest(new URL("/api/openapi.json", TEST_ORIGIN)), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
