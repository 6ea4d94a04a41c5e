import { describe, expect, it } from "vitest";

import { formatAge, intervalText } from "./format-age";

const NOW = Date.parse("2026-05-13T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("formatAge", () => {
  it("says just now under a minute, and for a time slightly ahead of this clock", () => {
    expect(formatAge(ago(0), NOW)).toBe("just now");
    expect(formatAge(ago(59_999), NOW)).toBe("just now");
    expect(formatAge(ago(-5_000), NOW)).toBe("just now");
  });

  it("counts minutes and hours, rounded down", () => {
    expect(formatAge(ago(MINUTE), NOW)).toBe("1 minute ago");
    expect(formatAge(ago(59 * MINUTE + 59_000), NOW)).toBe("59 minutes ago");
    expect(formatAge(ago(HOUR), NOW)).toBe("1 hour ago");
    expect(formatAge(ago(23 * HOUR + 59 * MINUTE), NOW)).toBe("23 hours ago");
  });

  it("counts days past the first, however many", () => {
    expect(formatAge(ago(DAY), NOW)).toBe("1 day ago");
    expect(formatAge(ago(12 * DAY + 5 * HOUR), NOW)).toBe("12 days ago");
    expect(formatAge(ago(400 * DAY), NOW)).toBe("400 days ago");
  });

  it("takes a Date as well as milliseconds", () => {
    expect(formatAge("2026-05-01T12:00:00.000Z", new Date(NOW))).toBe("12 days ago");
  });

  it("does not make up an age for a time it cannot read", () => {
    expect(formatAge("not a time", NOW)).toBe("at an unknown time");
  });
});

describe("intervalText", () => {
  it("states the backup interval", () => {
    expect(intervalText(30)).toBe("Backups are due every 30 days.");
    expect(intervalText(1)).toBe("Backups are due every day.");
  });
});
