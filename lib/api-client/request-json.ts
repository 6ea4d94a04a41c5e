import type { z } from "zod";

import { apiErrorFromResponse, networkError, unexpectedResponseError } from "./api-error-from-response";

/**
 * Sends a request to the portal's own API (same origin, so the session cookie goes along) and
 * resolves with a successful answer. Rejects with ApiError when there is no answer or a refusal.
 */
async function send(method: string, path: string, body: unknown, accept: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { accept } : { accept, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await apiErrorFromResponse(response);
  return response;
}

/**
 * A JSON call whose answer is parsed with `schema`, the endpoint's response schema from
 * lib/schemas. Rejects with ApiError on no answer, a refusal, or an answer that does not match.
 */
export async function requestJson<S extends z.ZodType>(
  method: string,
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.output<S>> {
  const response = await send(method, path, body, "application/json");
  const what = `${method} ${path.split("?")[0]}`;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw unexpectedResponseError(response, what);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw unexpectedResponseError(response, what, parsed.error);
  return parsed.data;
}

/** A call answered with 204 No Content; any other success is an answer this page does not understand. */
export async function requestNoContent(method: string, path: string, body?: unknown): Promise<void> {
  const response = await send(method, path, body, "application/json");
  if (response.status !== 204) {
    await response.body?.cancel().catch(() => {});
    throw unexpectedResponseError(response, `${method} ${path}`);
  }
}
