import type { z } from "zod";

/** A filter form's values: every field a string, "" when not set. */
export type FilterValues<K extends string> = Record<K, string>;

/** The form's values for these filters ("" where a filter is not set). */
export function filterValues<K extends string>(
  names: readonly K[],
  filters: Partial<Record<K, string | undefined>>,
): FilterValues<K> {
  return Object.fromEntries(names.map((name) => [name, filters[name] ?? ""])) as FilterValues<K>;
}

export type FilterCheck<F, K extends string> =
  { ok: true; filters: F; search: string } | { ok: false; errors: Partial<Record<K, string>> };

/**
 * Checks a filter form with the list's filter schema (the API's own) and gives the search string
 * for the page's URL, the empty filters left out, or the first message per field.
 */
export function checkFilterValues<K extends string, S extends z.ZodType>(
  schema: S,
  names: readonly K[],
  values: FilterValues<K>,
): FilterCheck<z.output<S>, K> {
  const trimmed = Object.fromEntries(names.map((name) => [name, values[name].trim()]));
  const parsed = schema.safeParse(trimmed);
  if (!parsed.success) {
    const errors: Partial<Record<K, string>> = {};
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? names[0]) as K;
      errors[name] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const search = new URLSearchParams();
  for (const name of names) if (trimmed[name]) search.set(name, trimmed[name]);
  return { ok: true, filters: parsed.data as z.output<S>, search: search.toString() };
}

/** Whether any filter is set. */
export function hasFilters(filters: Record<string, unknown>): boolean {
  return Object.values(filters).some((value) => value !== undefined && value !== "");
}
