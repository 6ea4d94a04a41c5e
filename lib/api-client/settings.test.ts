import { afterEach, describe, expect, it, vi } from "vitest";

import { fetchSettings, settingsQueryKey, updateSettings } from "./settings";
import { firstCall, stubAnswer } from "./test-support";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("fetchSettings", () => {
  it("gets the settings", async () => {
    const fetchMock = stubAnswer(200, { settings: { backupIntervalDays: 30 } });
    await expect(fetchSettings()).resolves.toEqual({ backupIntervalDays: 30 });
    expect(firstCall(fetchMock)[0]).toBe("/api/settings");
    expect(firstCall(fetchMock)[1].method).toBe("GET");
  });

  it("rejects an answer out of the settings' range", async () => {
    stubAnswer(200, { settings: { backupIntervalDays: 0 } });
    await expect(fetchSettings()).rejects.toMatchObject({ code: "UNEXPECTED_RESPONSE" });
  });
});

describe("updateSettings", () => {
  it("patches what it is given and answers with the settings as they are now", async () => {
    const fetchMock = stubAnswer(200, { settings: { backupIntervalDays: 45 } });
    await expect(updateSettings({ backupIntervalDays: 45 })).resolves.toEqual({ backupIntervalDays: 45 });
    const [url, init] = firstCall(fetchMock);
    expect(url).toBe("/api/settings");
    expect(init.method).toBe("PATCH");
    expect(init.body).toBe(JSON.stringify({ backupIntervalDays: 45 }));
  });

  it("rejects a refusal with its field messages", async () => {
    const detail = {
      code: "VALIDATION_FAILED",
      message: "Check the marked fields.",
      fields: { backupIntervalDays: ["Enter 1 to 366 days."] },
    };
    stubAnswer(400, { error: detail });
    await expect(updateSettings({ backupIntervalDays: 999 })).rejects.toMatchObject({ status: 400, detail });
  });
});

describe("settingsQueryKey", () => {
  it("is its own key", () => {
    expect(settingsQueryKey).toEqual(["settings"]);
  });
});
