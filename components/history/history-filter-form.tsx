"use client";

import { Form } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
import { BACKUP_STATUSES, backupHistoryFilterSchema, type BackupHistoryFilters } from "@/lib/schemas/backup";

import { backupStatusLabel } from "./backup-status-badge";
import { DateRangeFields, FilterButtons, useFilterForm } from "./filter-form";

export const HISTORY_FILTER_NAMES = ["status", "username", "from", "to"] as const;

const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  ...BACKUP_STATUSES.map((status) => ({ value: status, label: backupStatusLabel(status) })),
];

/** The history's filters; applying them puts them in the page's URL. */
export function HistoryFilterForm({ filters }: { filters: BackupHistoryFilters }) {
  const form = useFilterForm(backupHistoryFilterSchema, HISTORY_FILTER_NAMES, filters);

  return (
    <Form
      aria-label="Filter backup history"
      onSubmit={form.submit}
      className="flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-3"
    >
      <Select
        label="Status"
        name="status"
        value={form.values.status}
        onChange={form.set("status")}
        options={STATUS_OPTIONS}
        error={form.errors.status}
      />
      <TextField
        label="User"
        name="username"
        value={form.values.username}
        onChange={form.set("username")}
        error={form.errors.username}
        autoComplete="off"
      />
      <DateRangeFields form={form} />
      <FilterButtons form={form} filters={filters} />
    </Form>
  );
}
