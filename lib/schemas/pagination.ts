import { z } from "zod";

/** The query of a paged list: `?limit=&cursor=`, the cursor being a previous page's `nextCursor`. */
export function pageQuerySchema(limits: { default: number; max: number }) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(limits.max).default(limits.default),
    cursor: z.string().min(1).max(512).optional(),
  });
}

/** A page of items, newest first; `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** An optional query parameter; an empty one (`?status=`, as a form sends it) counts as absent. */
export function optionalParam<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
}

/** A bound of a date range: `2026-05-01` (a UTC day) or a date-time with Z or an offset. */
export const dateBoundSchema = z.union(
  [z.iso.date(), z.iso.datetime({ offset: true })],
  "Use a date (2026-05-01) or a date-time with a time zone (2026-05-01T10:00:00Z).",
);

/** `?from=&to=`: both optional; `to` is inclusive (of the whole day when it is a date). */
export const dateRangeShape = { from: optionalParam(dateBoundSchema), to: optionalParam(dateBoundSchema) };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * The half-open range of instants [since, before) that `from` and `to` mean, as ISO strings in the
 * form the database stores (`toISOString()`), so they compare as text. A date `to` takes in its
 * whole UTC day; a date-time `to` takes in that instant (to the millisecond).
 */
export function dateRange(range: { from?: string; to?: string }): { since?: string; before?: string } {
  const since = range.from === undefined ? undefined : new Date(range.from).toISOString();
  let before: string | undefined;
  if (range.to !== undefined) {
    const end = Date.parse(DATE_ONLY.test(range.to) ? `${range.to}T00:00:00Z` : range.to);
    before = new Date(end + (DATE_ONLY.test(range.to) ? DAY_MS : 1)).toISOString();
  }
  return { since, before };
}

/** A refinement for a schema with a date range: `from` may not come after `to`. */
export function checkDateRange(value: { from?: string; to?: string }, context: z.RefinementCtx): void {
  const { since, before } = dateRange(value);
  if (since !== undefined && before !== undefined && since >= before) {
    context.addIssue({ code: "custom", path: ["to"], message: "The end of the range comes before its start." });
  }
}

/** `?format=csv` asks for the whole filtered list as a CSV file instead of a JSON page. */
export const listFormatSchema = optionalParam(z.enum(["json", "csv"]));

/** A page's `searchParams` as the API's query schemas take them: each name once (the first value). */
export function singleParams(raw: Record<string, string | string[] | undefined> = {}): Record<string, string> {
  const single: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) single[name] = first;
  }
  return single;
}
