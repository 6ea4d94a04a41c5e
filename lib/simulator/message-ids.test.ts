import { describe, expect, it } from "vitest";

import { IDS_OF_THE_RECORD, INVENTED_MESSAGE_IDS, RECORDED_MESSAGE_IDS } from "./message-ids";

describe("message ids", () => {
  it("invents no id the public record knows, whatever the meaning", () => {
    for (const [meaning, id] of Object.entries(INVENTED_MESSAGE_IDS)) {
      expect(IDS_OF_THE_RECORD, meaning).not.toContain(id);
      expect(id).toMatch(/^KART\d{5}-E$/);
    }
  });

  it("gives each invented meaning its own id", () => {
    const ids = Object.values(INVENTED_MESSAGE_IDS);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses the record's ids for what the record names", () => {
    expect(RECORDED_MESSAGE_IDS).toMatchObject({
      busy: "KART00003-E",
      objectNotFound: "KART30013-E",
      unsupportedParameter: "KART40038-E",
      invalidParameter: "KART40046-E",
      lockFailure: "KART40050-E",
      commandEndedAbnormally: "KART30000-E",
      unableToLockStorage: "KART30008-E",
    });
  });
});

describe("one table", () => {
  it("no other source file of the simulator spells a messageId as a string", async () => {
    const { readdir, readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const files = (await readdir(__dirname, { recursive: true })).filter(
      (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "message-ids.ts",
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(await readFile(join(__dirname, file), "utf8"), file).not.toMatch(/["'`]KART\d{5}-E["'`]/);
    }
  });
});
