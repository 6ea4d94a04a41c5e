import { describe, expect, it } from "vitest";

import { FLEET_STATUSES } from "@/lib/schemas/fleet";

import { compareFleetEntries, countStatuses, fleetStatus } from "./fleet-status";

const NOW = new Date("2025-06-30T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const facts = (over: Partial<Parameters<typeof fleetStatus>[0]> = {}) => ({
  refused: false,
  lastSuccessAt: daysAgo(1),
  notBackedUpCount: 0,
  ...over,
});

describe("fleetStatus", () => {
  it("is up-to-date with a recent success and no key left behind", () => {
    expect(fleetStatus(facts(), 30, NOW)).toBe("up-to-date");
    expect(fleetStatus(facts({ notBackedUpCount: null }), 30, NOW)).toBe("up-to-date");
  });

  it("is refused first, whatever else is true", () => {
    expect(fleetStatus(facts({ refused: true }), 30, NOW)).toBe("refused");
    expect(fleetStatus(facts({ refused: true, lastSuccessAt: null, notBackedUpCount: 5 }), 30, NOW)).toBe("refused");
  });

  it("is never without a successful backup, before keys and overdue", () => {
    expect(fleetStatus(facts({ lastSuccessAt: null }), 30, NOW)).toBe("never");
    expect(fleetStatus(facts({ lastSuccessAt: null, notBackedUpCount: 3 }), 30, NOW)).toBe("never");
  });

  it("is keys-not-backed-up when the latest check found any, before overdue", () => {
    expect(fleetStatus(facts({ notBackedUpCount: 1 }), 30, NOW)).toBe("keys-not-backed-up");
    expect(fleetStatus(facts({ notBackedUpCount: 1, lastSuccessAt: daysAgo(90) }), 30, NOW)).toBe("keys-not-backed-up");
  });

  it("is overdue once the last success is older than the interval, not at the interval", () => {
    expect(fleetStatus(facts({ lastSuccessAt: daysAgo(30) }), 30, NOW)).toBe("up-to-date");
    expect(fleetStatus(facts({ lastSuccessAt: new Date(NOW.getTime() - 30 * DAY - 1).toISOString() }), 30, NOW)).toBe(
      "overdue",
    );
    expect(fleetStatus(facts({ lastSuccessAt: daysAgo(8) }), 7, NOW)).toBe("overdue");
  });
});

describe("compareFleetEntries and countStatuses", () => {
  it("sorts by status order, then by name ignoring case", () => {
    const entries = [
      { status: "up-to-date" as const, name: "alpha" },
      { status: "never" as const, name: "zulu" },
      { status: "refused" as const, name: "Mike" },
      { status: "never" as const, name: "Bravo" },
      { status: "overdue" as const, name: "echo" },
      { status: "keys-not-backed-up" as const, name: "kilo" },
    ];
    expect(entries.sort(compareFleetEntries).map((entry) => entry.name)).toEqual([
      "Mike",
      "Bravo",
      "zulu",
      "kilo",
      "echo",
      "alpha",
    ]);
  });

  it("counts every status, 0 included", () => {
    const counts = countStatuses(["never", "never", "overdue"]);
    expect(Object.keys(counts)).toEqual([...FLEET_STATUSES]);
    expect(counts).toEqual({ refused: 0, never: 2, "keys-not-backed-up": 0, overdue: 1, "up-to-date": 0 });
  });
});
