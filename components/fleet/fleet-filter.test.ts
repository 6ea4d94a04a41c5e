import { describe, expect, it } from "vitest";

import { FLEET_STATUSES } from "@/lib/schemas/fleet";

import { FLEET_STATUS_TONES, fleetHref, parseFleetStatus, systemsText } from "./fleet-filter";

describe("fleetHref", () => {
  it("links to the unfiltered page or to one status", () => {
    expect(fleetHref()).toBe("/");
    expect(fleetHref("overdue")).toBe("/?status=overdue");
    expect(fleetHref("keys-not-backed-up")).toBe("/?status=keys-not-backed-up");
  });

  it("round-trips every status through the URL", () => {
    for (const status of FLEET_STATUSES) {
      const query = new URL(fleetHref(status), "http://portal.invalid").searchParams;
      expect(parseFleetStatus(query.get("status") ?? undefined)).toBe(status);
    }
  });
});

describe("parseFleetStatus", () => {
  it("accepts a known status", () => {
    expect(parseFleetStatus("refused")).toBe("refused");
    expect(parseFleetStatus("up-to-date")).toBe("up-to-date");
  });

  it("shows all systems for a missing, unknown or repeated status", () => {
    expect(parseFleetStatus(undefined)).toBeUndefined();
    expect(parseFleetStatus("")).toBeUndefined();
    expect(parseFleetStatus("Overdue")).toBeUndefined();
    expect(parseFleetStatus("everything")).toBeUndefined();
    expect(parseFleetStatus(["overdue", "never"])).toBeUndefined();
  });
});

describe("FLEET_STATUS_TONES", () => {
  it("marks only an up-to-date system as success", () => {
    for (const status of FLEET_STATUSES) {
      expect(FLEET_STATUS_TONES[status] === "success").toBe(status === "up-to-date");
    }
  });
});

describe("systemsText", () => {
  it("counts systems", () => {
    expect(systemsText(0)).toBe("0 systems");
    expect(systemsText(1)).toBe("1 system");
    expect(systemsText(12)).toBe("12 systems");
  });
});
