import { describe, expect, it } from "vitest";

import { describeError } from "@/components/ui/error-description";
import { ApiError } from "@/lib/api-client/api-error";

import { BACKUP_ERROR_TITLES } from "./backup-error-titles";

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
