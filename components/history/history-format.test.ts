import { describe, expect, it } from "vitest";

import { backupCheck, formatDuration, formatLocal, utcTitle } from "./history-format";

describe("history formatting", () => {
  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(125_000)).toBe("2 min 05 s");
  });

  it("shows an instant in the given zone, naming it, and the UTC instant as the hover text", () => {
    const iso = "2026-05-01T10:00:05.000Z";
    expect(formatLocal(iso, { locale: "en-GB", timeZone: "Europe/Berlin" })).toBe("01/05/2026, 12:00:05 CEST");
    expect(formatLocal(iso, { locale: "en-GB", timeZone: "UTC" })).toBe("01/05/2026, 10:00:05 UTC");
    expect(formatLocal("not a time")).toBe("not a time");
    expect(utcTitle(iso)).toBe("2026-05-01 10:00:05Z (UTC)");
  });

  it("tells verified, mismatched and only downloaded backups apart; others have nothing to check", () => {
    expect(backupCheck({ status: "succeeded", verification: "verified" })).toBe("verified");
    expect(backupCheck({ status: "succeeded", verification: "mismatch" })).toBe("mismatch");
    expect(backupCheck({ status: "succeeded", verification: null })).toBe("not-verified");
    expect(backupCheck({ status: "succeeded" })).toBe("not-verified");
    expect(backupCheck({ status: "failed", verification: null })).toBe("none");
    expect(backupCheck({ status: "running" })).toBe("none");
  });
});
