import { vi } from "vitest";

/*
 * Helpers for the lib/api-client tests: a stubbed fetch with one answer. Nothing in the portal
 * imports this file. (Here, not in lib/test-support, since lib/api-client imports only lib/schemas.)
 */

/** Stubs the global fetch with one answer: `body` as JSON, or no body when undefined. Restore with vi.unstubAllGlobals(). */
export function stubAnswer(status: number, body: unknown) {
  const fetchMock = vi.fn(async () =>
    body === undefined ? new Response(null, { status }) : Response.json(body, { status }),
  );
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

export type FetchMock = ReturnType<typeof stubAnswer>;

/** The URL and options of the first call to the stubbed fetch. */
export function firstCall(fetchMock: FetchMock): [string, RequestInit] {
  return fetchMock.mock.calls[0] as unknown as [string, RequestInit];
}
