import { describe, expect, it } from "vitest";

import { updateSettingsSchema } from "@/lib/schemas/settings";

import { savedText } from "./settings-text";

describe("savedText", () => {
  it("says what the interval is now", () => {
    expect(savedText({ backupIntervalDays: 45 })).toBe("Settings saved. Backups are now due every 45 days.");
    expect(savedText({ backupIntervalDays: 1 })).toBe("Settings saved. Backups are now due every day.");
  });
});

describe("the form's field, as the form sends it", () => {
  const parse = (value: unknown) => updateSettingsSchema.safeParse({ backupIntervalDays: value });
  const message = (value: unknown) => parse(value).error?.issues[0]?.message;

  it("takes the text of a number input, 1 to 366", () => {
    expect(parse("1").data).toEqual({ backupIntervalDays: 1 });
    expect(parse("366").data).toEqual({ backupIntervalDays: 366 });
  });

  it("refuses what is out of range, not whole or not a number, with a message for the field", () => {
    expect(message("0")).toBe("Enter 1 to 366 days.");
    expect(message("367")).toBe("Enter 1 to 366 days.");
    expect(message("1.5")).toBe("Enter a whole number of days.");
    expect(message("abc")).toBe("Enter a number of days.");
  });
});
