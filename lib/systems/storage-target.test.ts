import { afterAll, describe, expect, it } from "vitest";

import { captureLogs } from "@/lib/test-support/auth";

import { logStorageEvent } from "./storage-target";

const logs = captureLogs();
afterAll(() => logs.restore());

describe("logStorageEvent", () => {
  it("writes the storage client's event as the portal's log line", () => {
    logStorageEvent({
      level: "warn",
      event: "storage.session.discard_failed",
      sessionId: 7,
      kind: "busy",
      message: "could not discard a storage session",
    });
    const line = JSON.parse(logs.lines.at(-1)!) as Record<string, unknown>;
    expect(line).toEqual({
      level: 40,
      time: expect.any(Number),
      event: "storage.session.discard_failed",
      sessionId: 7,
      kind: "busy",
      msg: "could not discard a storage session",
    });
  });
});
