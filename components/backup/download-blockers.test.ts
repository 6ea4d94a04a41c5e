import { describe, expect, it } from "vitest";

import { blockersText, downloadBlockers } from "./download-blockers";

const FILLED = {
  storageUsername: "secadmin",
  storagePassword: "pw",
  backupPassword: "Backup-Pass-42!",
  backupPasswordConfirmation: "Backup-Pass-42!",
};

describe("downloadBlockers", () => {
  it("lists every field still empty, in the form's order", () => {
    expect(downloadBlockers({}, null)).toEqual([
      "the storage username",
      "the storage password",
      "a backup password",
      "the backup password again, under “Confirm backup password”",
    ]);
  });

  it("names nothing once everything is filled in and matches", () => {
    expect(downloadBlockers(FILLED, null)).toEqual([]);
  });

  it("says when the backup password breaks a rule, the system's policy included", () => {
    expect(downloadBlockers({ ...FILLED, backupPassword: "abc", backupPasswordConfirmation: "abc" }, null)).toEqual([
      "a backup password that meets the rules",
    ]);
    expect(downloadBlockers(FILLED, { minLength: 20 })).toEqual(["a backup password that meets the rules"]);
  });

  it("says when the confirmation does not match, and when a storage field was refused", () => {
    expect(downloadBlockers({ ...FILLED, backupPasswordConfirmation: "other" }, null)).toEqual([
      "a confirmation that matches the backup password",
    ]);
    expect(downloadBlockers({ ...FILLED, storageUsername: "a:b" }, null, { storageUsername: true })).toEqual([
      "a storage username the field accepts",
    ]);
  });
});

describe("blockersText", () => {
  it("joins the list into one sentence", () => {
    expect(blockersText(["the storage username"])).toBe("To download the backup, still needed: the storage username.");
    expect(blockersText(["a", "b", "c"])).toBe("To download the backup, still needed: a, b and c.");
  });

  it("falls back to the fields' own messages", () => {
    expect(blockersText([])).toBe("Correct the fields marked above to download the backup.");
  });
});
