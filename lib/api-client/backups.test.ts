import { afterEach, describe, expect, it, vi } from "vitest";

import { ApiError } from "./api-error";
import { BackupAbortedError, backupHistoryQueryKey, startBackup } from "./backups";
import { systemQueryKey, systemsQueryKey } from "./systems";

const BODY = {
  storageUsername: "sec",
  storagePassword: "pw",
  backupPassword: "Backup-Pass-42!",
  backupPasswordConfirmation: "Backup-Pass-42!",
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("startBackup", () => {
  it("posts the request and hands back the streaming answer untouched", async () => {
    const accepted = new Response("key file bytes", { status: 200, headers: { "X-Backup-Id": "b-1" } });
    const fetchMock = vi.fn(async () => accepted);
    vi.stubGlobal("fetch", fetchMock);
    const signal = new AbortController().signal;
    expect(await startBackup("s 1", BODY, signal)).toBe(accepted);
    expect(fetchMock).toHaveBeenCalledWith("/api/systems/s%201/backups", {
      method: "POST",
      headers: { accept: "application/octet-stream, application/json", "content-type": "application/json" },
      body: JSON.stringify(BODY),
      credentials: "same-origin",
      cache: "no-store",
      signal,
    });
  });

  it("rejects a refusal with the portal's error", async () => {
    const detail = {
      code: "STORAGE_LOCKED",
      message: "VSP cannot back up its encryption keys while resources are locked. Unlock them, then try again.",
    };
    vi.stubGlobal("fetch", async () => Response.json({ error: detail }, { status: 423 }));
    const error = await startBackup("s-1", BODY).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 423, detail });
  });

  it("rejects with a network error when no answer comes, and with BackupAbortedError when aborted", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(startBackup("s-1", BODY)).rejects.toMatchObject({ code: "NETWORK", status: 0 });
    const controller = new AbortController();
    controller.abort();
    vi.stubGlobal("fetch", async () => {
      throw new DOMException("aborted", "AbortError");
    });
    await expect(startBackup("s-1", BODY, controller.signal)).rejects.toBeInstanceOf(BackupAbortedError);
  });
});

describe("query keys", () => {
  it("nest a system's history under the system, and the system under the list", () => {
    expect(systemQueryKey("s-1").slice(0, systemsQueryKey.length)).toEqual([...systemsQueryKey]);
    expect(backupHistoryQueryKey("s-1").slice(0, 2)).toEqual([...systemQueryKey("s-1")]);
  });
});
