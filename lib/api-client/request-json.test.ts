import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { ApiError } from "./api-error";
import { requestJson, requestNoContent } from "./request-json";

const schema = z.object({ thing: z.object({ id: z.string(), count: z.number() }) });

function answer(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined) return new Response(null, { status, headers });
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new Response(text, { status, headers: { "content-type": "application/json", ...headers } });
}

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("requestJson", () => {
  it("sends JSON to the same origin and resolves with the parsed answer", async () => {
    const fetchMock = stubFetch(answer(200, { thing: { id: "a", count: 2 }, extra: true }));
    await expect(requestJson("POST", "/api/things", schema, { name: "x" })).resolves.toEqual({
      thing: { id: "a", count: 2 },
    });
    expect(fetchMock).toHaveBeenCalledWith("/api/things", {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
      credentials: "same-origin",
      cache: "no-store",
    });
  });

  it("sends no body and no content type without a body", async () => {
    const fetchMock = stubFetch(answer(200, { thing: { id: "a", count: 2 } }));
    await requestJson("GET", "/api/things/a", schema);
    expect(fetchMock.mock.calls[0]).toMatchObject([
      "/api/things/a",
      { method: "GET", headers: { accept: "application/json" }, body: undefined },
    ]);
  });

  it("rejects an answer that does not match the schema, saying where", async () => {
    stubFetch(answer(200, { thing: { id: "a", count: "2" } }));
    const error = await rejection(requestJson("GET", "/api/things?limit=5", schema));
    expect(error.status).toBe(200);
    expect(error.code).toBe("UNEXPECTED_RESPONSE");
    expect(error.message).toBe(
      `The portal's answer to GET /api/things is not in the form this page expects (at "thing.count"). Reload the page; if it persists, tell an admin.`,
    );
  });

  it("rejects a success that is not JSON, or has no body", async () => {
    stubFetch(answer(200, "<html>proxy</html>", { "content-type": "text/html" }));
    expect((await rejection(requestJson("GET", "/api/things", schema))).message).toMatch(
      /^The portal's answer to GET \/api\/things is not in the form this page expects \(at the body\)\./,
    );
    stubFetch(answer(204));
    expect((await rejection(requestJson("GET", "/api/things", schema))).code).toBe("UNEXPECTED_RESPONSE");
  });

  it("rejects a refusal with the portal's error, as it was sent", async () => {
    const detail = {
      code: "STORAGE_LOCKED",
      message: "Unlock the resources, then try again.",
      storage: { messageId: "KART40052-E" },
    };
    stubFetch(answer(423, { error: detail }));
    const error = await rejection(requestJson("POST", "/api/things", schema, {}));
    expect(error.status).toBe(423);
    expect(error.detail).toEqual(detail);
    expect(error.message).toBe(detail.message);
  });

  it("rejects a refusal that is not the portal's error shape with a stand-in", async () => {
    stubFetch(answer(502, "<html>Bad gateway</html>", { "content-type": "text/html" }));
    const error = await rejection(requestJson("GET", "/api/things", schema));
    expect(error).toMatchObject({ status: 502, code: "UNKNOWN" });
    expect(error.message).toBe("The portal answered with status 502. Try again; if it persists, tell an admin.");
  });

  it("rejects with a network error when no answer comes", async () => {
    stubFetch(new TypeError("Failed to fetch"));
    const error = await rejection(requestJson("GET", "/api/things", schema));
    expect(error).toMatchObject({ status: 0, code: "NETWORK" });
    expect(error.message).toBe("The portal did not answer. Check your network connection, then try again.");
  });
});

describe("requestNoContent", () => {
  it("resolves on 204", async () => {
    const fetchMock = stubFetch(answer(204));
    await expect(requestNoContent("DELETE", "/api/things/a")).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0]).toMatchObject(["/api/things/a", { method: "DELETE" }]);
  });

  it("rejects any other success as unexpected", async () => {
    stubFetch(answer(200, { ok: true }));
    expect((await rejection(requestNoContent("POST", "/api/auth/logout"))).code).toBe("UNEXPECTED_RESPONSE");
  });

  it("rejects a refusal with the portal's error", async () => {
    stubFetch(answer(401, { error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } }));
    expect(await rejection(requestNoContent("POST", "/api/auth/logout"))).toMatchObject({
      status: 401,
      code: "UNAUTHENTICATED",
    });
  });
});
