import { describe, expect, it } from "vitest";

import { auditFilterSchema } from "@/lib/schemas/audit";
import { backupHistoryFilterSchema } from "@/lib/schemas/backup";

import { checkFilterValues, filterValues, hasFilters } from "./filter-values";

const HISTORY = ["status", "username", "from", "to"] as const;

describe("filter forms", () => {
  it("start from the URL's filters, empty where not set", () => {
    expect(filterValues(HISTORY, { status: "failed" })).toEqual({ status: "failed", username: "", from: "", to: "" });
  });

  it("turn valid values into the URL's search string, the empty ones left out", () => {
    const checked = checkFilterValues(backupHistoryFilterSchema, HISTORY, {
      status: "succeeded",
      username: " olivia ",
      from: "2026-05-01",
      to: "",
    });
    expect(checked).toEqual({
      ok: true,
      filters: { status: "succeeded", username: "olivia", from: "2026-05-01" },
      search: "status=succeeded&username=olivia&from=2026-05-01",
    });
    expect(checkFilterValues(backupHistoryFilterSchema, HISTORY, filterValues(HISTORY, {}))).toMatchObject({
      ok: true,
      search: "",
    });
  });

  it("name the field in error", () => {
    const checked = checkFilterValues(auditFilterSchema, ["actor", "action", "target", "from", "to"] as const, {
      actor: "",
      action: "",
      target: "",
      from: "2026-05-03",
      to: "2026-05-01",
    });
    expect(checked).toEqual({ ok: false, errors: { to: "The end of the range comes before its start." } });
  });

  it("know whether any filter is set", () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ status: undefined, username: "" })).toBe(false);
    expect(hasFilters({ username: "olivia" })).toBe(true);
  });
});
