import { describe, expect, it } from "vitest";

import { describeError } from "@/components/ui/error-description";
import { ApiError } from "@/lib/api-client/api-error";

import { BACKUP_ERROR_TITLES, describeBackupError } from "./backup-error-titles";

// The portal's message for a backup refused because resources are locked (lib/backups/run-backup.ts).
const LOCKED_MESSAGE =
  "VSP E990 cannot back up its encryption keys while resources are locked through its REST API. Unlock the resources first (resource-group-service unlock, or end the session holding the lock), then try again.";

/** Words that start an instruction: a headline leaves those to the portal's message. */
const ADVICE = /\b(unlock|check|try again|wait|sign in|ask an admin|use a|correct|inspect)\b/i;

describe("backup error headlines", () => {
  it("say a locked storage system is locked, and leave the unlock instruction to the portal's message", () => {
    expect(
      describeError(new ApiError(423, { code: "STORAGE_LOCKED", message: LOCKED_MESSAGE }), BACKUP_ERROR_TITLES),
    ).toEqual({
      title: "The storage system is locked.",
      detail: LOCKED_MESSAGE,
    });
  });

  it("never repeat advice the portal's message carries", () => {
    for (const [code, title] of Object.entries(BACKUP_ERROR_TITLES)) {
      // These point at the page ("Reload", "below"), which the server cannot see.
      if (code === "NOT_FOUND" || code === "STORAGE_ERROR") continue;
      expect(title, code).not.toMatch(ADVICE);
    }
  });

  it("leave a refusal that says it all to the portal's message", () => {
    const message = "A backup of VSP E990 is already running. Wait for it to finish.";
    expect(describeError(new ApiError(409, { code: "BACKUP_IN_PROGRESS", message }), BACKUP_ERROR_TITLES)).toEqual({
      title: message,
    });
  });
});

describe("describeBackupError", () => {
  it("keeps the headline when the portal's message says something else", () => {
    expect(describeBackupError(new ApiError(423, { code: "STORAGE_LOCKED", message: LOCKED_MESSAGE }))).toEqual({
      title: "The storage system is locked.",
      detail: LOCKED_MESSAGE,
    });
  });

  it("shows the portal's message alone when it already says the headline", () => {
    const message =
      "The storage system is busy (backing up the encryption keys: HTTP 503, KART00003-E): The request cannot be processed now. The storage system is busy; wait a minute, then try again.";
    expect(describeBackupError(new ApiError(503, { code: "STORAGE_BUSY", message }))).toEqual({ title: message });
    const timeout = "The storage system did not answer in time (backup: no headers after 30 s). Try again.";
    expect(describeBackupError(new ApiError(504, { code: "STORAGE_TIMEOUT", message: timeout }))).toEqual({
      title: timeout,
    });
  });

  it("compares the headline's first sentence only, ignoring case and the final stop", () => {
    const message = "the storage system reported an error (backup: HTTP 500). Try again.";
    expect(describeBackupError(new ApiError(500, { code: "STORAGE_ERROR", message }))).toEqual({ title: message });
  });
});
