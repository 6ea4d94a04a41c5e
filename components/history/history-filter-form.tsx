"use client";

import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
import { BACKUP_STATUSES, backupHistoryFilterSchema, type BackupHistoryFilters } from "@/lib/schemas/backup";

import { backupStatusLabel } from "./backup-status-badge";
import { checkFilterValues, filterValues, hasFilters } from "./filter-values";
import { useFilterNavigation } from "./use-filter-navigation";

export const HISTORY_FILTER_NAMES = ["status", "username", "from", "to"] as const;
type Name = (typeof HISTORY_FILTER_NAMES)[number];

const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  ...BACKUP_STATUSES.map((status) => ({ value: status, label: backupStatusLabel(status) })),
];

/** The history's filters; applying them puts them in the page's URL. */
export function HistoryFilterForm({ filters }: { filters: BackupHistoryFilters }) {
  const [values, setValues] = useState(() => filterValues(HISTORY_FILTER_NAMES, filters));
  const [errors, setErrors] = useState<Partial<Record<Name, string>>>({});
  const { apply, pending } = useFilterNavigation();
  const set = (name: Name) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkFilterValues(backupHistoryFilterSchema, HISTORY_FILTER_NAMES, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    apply(checked.search);
  };
  const clear = () => {
    setValues(filterValues(HISTORY_FILTER_NAMES, {}));
    setErrors({});
    apply("");
  };

  return (
    <Form
      aria-label="Filter backup history"
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-3"
    >
      <Select
        label="Status"
        name="status"
        value={values.status}
        onChange={set("status")}
        options={STATUS_OPTIONS}
        error={errors.status}
      />
      <TextField
        label="User"
        name="username"
        value={values.username}
        onChange={set("username")}
        error={errors.username}
        autoComplete="off"
      />
      <TextField
        label="From date (UTC)"
        name="from"
        type="date"
        value={values.from}
        onChange={set("from")}
        error={errors.from}
      />
      <TextField
        label="To date (UTC, inclusive)"
        name="to"
        type="date"
        value={values.to}
        onChange={set("to")}
        error={errors.to}
      />
      <div className="flex gap-2">
        <Button type="submit" pending={pending}>
          Apply filters
        </Button>
        {hasFilters(filters) ? (
          <Button variant="secondary" onClick={clear} disabled={pending}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </Form>
  );
}
