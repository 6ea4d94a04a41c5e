import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { apiErrorSchema } from "@/lib/schemas/api-error";
import { prepareAuthTestEnv, routeContext, TEST_ORIGIN } from "@/lib/test-support/auth";

import { MAX_JSON_BODY_BYTES } from "./json-body";
import { publicRoute } from "./with-session";

const schema = z.strictObject({
  text: z.string(),
  nested: z.strictObject({ flag: z.boolean().optional() }).optional(),
});
const route = publicRoute({ body: schema }, async ({ body }) => Response.json(body));
const MIB = 1024 * 1024;

function post(body: BodyInit, headers: Record<string, string> = {}): NextRequest {
  // duplex: a stream body needs it (Node's fetch); Next's RequestInit type does not list it.
  const init = {
    method: "POST",
    headers: { host: new URL(TEST_ORIGIN).host, origin: TEST_ORIGIN, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  };
  return new NextRequest(new URL("/api/thing", TEST_ORIGIN), init as ConstructorParameters<typeof NextRequest>[1]);
}

/** A body that never ends, counting what was pulled from it and whether it was cancelled. */
function endless(chunkBytes = 1024) {
  const state = { pulledBytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulledBytes += chunkBytes;
      controller.enqueue(new TextEncoder().encode(`{"text":"${"a".repeat(chunkBytes)}`).subarray(0, chunkBytes));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = apiErrorSchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  return body.error;
}

describe("JSON request bodies", () => {
  beforeAll(() => prepareAuthTestEnv());

  it("takes a body up to 16 KiB", async () => {
    const text = "a".repeat(MAX_JSON_BODY_BYTES - JSON.stringify({ text: "" }).length);
    const response = await route(post(JSON.stringify({ text })), routeContext());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text });
  });

  it("refuses 1 MiB with Content-Length before reading a byte (413)", async () => {
    const { stream, state } = endless();
    const error = await expectError(
      await route(post(stream, { "content-length": String(MIB) }), routeContext()),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expect(error.message).toMatch(/16 KiB/);
    expect(state.cancelled).toBe(true);
    expect(state.pulledBytes).toBeLessThanOrEqual(2 * 1024);
  });

  it("refuses 1 MiB without Content-Length (413)", async () => {
    const big = JSON.stringify({ text: "a".repeat(MIB) });
    const request = post(big);
    expect(request.headers.get("content-length")).toBeNull();
    await expectError(await route(request, routeContext()), 413, "PAYLOAD_TOO_LARGE");
  });

  it("stops reading a chunked body that never ends once it passes the limit, and cancels it", async () => {
    const { stream, state } = endless();
    await expectError(await route(post(stream), routeContext()), 413, "PAYLOAD_TOO_LARGE");
    expect(state.cancelled).toBe(true);
    expect(state.pulledBytes).toBeGreaterThan(MAX_JSON_BODY_BYTES);
    expect(state.pulledBytes).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES + 4 * 1024);
  });

  it("refuses a Content-Length that understates the body once the real bytes pass the limit", async () => {
    const { stream } = endless();
    await expectError(await route(post(stream, { "content-length": "10" }), routeContext()), 413, "PAYLOAD_TOO_LARGE");
  });

  it("answers 400 for invalid UTF-8, invalid JSON and an empty body", async () => {
    await expectError(
      await route(post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), routeContext()),
      400,
      "VALIDATION_FAILED",
    );
    for (const body of ["{", "", "nul\u0000", "[]", "null", '{"text":1}']) {
      await expectError(await route(post(body), routeContext()), 400, "VALIDATION_FAILED");
    }
  });

  it("refuses unknown keys, top-level and nested, naming them", async () => {
    const error = await expectError(
      await route(post(JSON.stringify({ text: "x", role: "admin", nested: { flag: true, extra: 1 } })), routeContext()),
      400,
      "VALIDATION_FAILED",
    );
    expect(error.message).toContain('"role"');
    expect(error.message).toContain('"nested.extra"');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["nested.extra", "role"]);
  });

  it("keeps the usual field errors beside an unknown key", async () => {
    const error = await expectError(
      await route(post(JSON.stringify({ text: 5, extra: 1 })), routeContext()),
      400,
      "VALIDATION_FAILED",
    );
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["extra", "text"]);
  });

  it("names an unknown __proto__ key like any other", async () => {
    const response = await route(post('{"text":"x","__proto__":{"role":"admin"}}'), routeContext());
    expect(response.status).toBe(400);
    const body = JSON.parse(await response.text()) as { error: { code: string; message: string; fields: object } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toContain('"__proto__"');
    expect(Object.keys(body.error.fields)).toEqual(["__proto__"]);
  });
});
