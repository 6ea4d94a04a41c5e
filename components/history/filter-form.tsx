"use client";

import { useState, type FormEvent } from "react";
import type { z } from "zod";

import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

import { checkFilterValues, filterValues, hasFilters, type FilterValues } from "./filter-values";
import { useFilterNavigation } from "./use-filter-navigation";

/*
 * What the history's and the audit log's filter forms share: their state, checked with the list's
 * filter schema and put in the page's URL, the date range and the Apply / Clear buttons.
 */

export interface FilterForm<K extends string> {
  values: FilterValues<K>;
  errors: Partial<Record<K, string>>;
  /** The change handler of the field `name`. */
  set: (name: K) => (event: { target: { value: string } }) => void;
  submit: (event: FormEvent) => void;
  clear: () => void;
  pending: boolean;
}

/** A filter form's state: applying checks the values with `schema` and puts them in the URL. */
export function useFilterForm<K extends string>(
  schema: z.ZodType,
  names: readonly K[],
  filters: Partial<Record<K, string | undefined>>,
): FilterForm<K> {
  const [values, setValues] = useState(() => filterValues(names, filters));
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const { apply, pending } = useFilterNavigation();
  const set = (name: K) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkFilterValues(schema, names, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    apply(checked.search);
  };
  const clear = () => {
    setValues(filterValues(names, {}));
    setErrors({});
    apply("");
  };
  return { values, errors, set, submit, clear, pending };
}

/** The From / To date fields (UTC days, the last one included) of a form with `from` and `to`. */
export function DateRangeFields({ form }: { form: FilterForm<"from" | "to"> }) {
  return (
    <>
      <TextField
        label="From date (UTC)"
        name="from"
        type="date"
        value={form.values.from}
        onChange={form.set("from")}
        error={form.errors.from}
      />
      <TextField
        label="To date (UTC, inclusive)"
        name="to"
        type="date"
        value={form.values.to}
        onChange={form.set("to")}
        error={form.errors.to}
      />
    </>
  );
}

/** Apply filters, and Clear filters while the list is filtered. */
export function FilterButtons({
  form,
  filters,
}: {
  form: Pick<FilterForm<never>, "pending" | "clear">;
  filters: Record<string, unknown>;
}) {
  return (
    <div className="flex gap-2">
      <Button type="submit" pending={form.pending}>
        Apply filters
      </Button>
      {hasFilters(filters) ? (
        <Button variant="secondary" onClick={form.clear} disabled={form.pending}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
