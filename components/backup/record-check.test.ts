import { afterEach, describe, expect, it, vi } from "vitest";

import { ApiError } from "@/lib/api-client/api-error";

import { recordCheck } from "./record-check";

const SHA = "ab".repeat(32);

function stubFetch(response: Response) {
  const fetchMock = vi.fn(async () => response);
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("recordCheck", () => {
  it("posts the lowercase SHA-256 to the backup's verification, same-origin, and keeps the portal's answer", async () => {
    const verifiedAt = "2026-05-01T10:00:02.000Z";
    const fetchMock = stubFetch(Response.json({ verification: "verified", verifiedAt }));
    expect(await recordCheck("s 1", "b-1", SHA.toUpperCase())).toEqual({
      kind: "recorded",
      verification: "verified",
      verifiedAt,
    });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/systems/s%201/backups/b-1/verification");
    expect(init).toMatchObject({ method: "POST", credentials: "same-origin", body: JSON.stringify({ sha256: SHA }) });
  });

  it("keeps a mismatch the portal recorded", async () => {
    stubFetch(Response.json({ verification: "mismatch", verifiedAt: "2026-05-01T10:00:02.000Z" }));
    expect(await recordCheck("s-1", "b-1", SHA)).toMatchObject({ kind: "recorded", verification: "mismatch" });
  });

  it("says why when the portal has no such call yet, refuses, or answers something else", async () => {
    stubFetch(new Response("<html>Not found</html>", { status: 404, headers: { "content-type": "text/html" } }));
    expect(await recordCheck("s-1", "b-1", SHA)).toEqual({
      kind: "not-recorded",
      reason: "this portal does not record checks yet (HTTP 404).",
    });
    const message = "This backup did not succeed, so there is nothing to verify.";
    stubFetch(Response.json({ error: { code: "CONFLICT", message } }, { status: 409 }));
    expect(await recordCheck("s-1", "b-1", SHA)).toEqual({ kind: "not-recorded", reason: message });
    stubFetch(Response.json({ verification: "maybe" }));
    expect(await recordCheck("s-1", "b-1", SHA)).toMatchObject({ kind: "not-recorded" });
  });

  it("reports nothing without a SHA-256, and never rejects", async () => {
    const report = vi.fn();
    expect(await recordCheck("s-1", "b-1", undefined, report)).toEqual({ kind: "nothing-to-record" });
    expect(report).not.toHaveBeenCalled();
    const failing = vi.fn().mockRejectedValue(new ApiError(0, { code: "NETWORK", message: "No answer." }));
    expect(await recordCheck("s-1", "b-1", SHA, failing)).toEqual({ kind: "not-recorded", reason: "No answer." });
  });
});
