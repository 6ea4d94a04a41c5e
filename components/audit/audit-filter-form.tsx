"use client";

import { DateRangeFields, FilterButtons, useFilterForm } from "@/components/history/filter-form";
import { Form } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
import { auditFilterSchema, type AuditFilters } from "@/lib/schemas/audit";

import { auditActionOptions } from "./audit-actions";

export const AUDIT_FILTER_NAMES = ["actor", "action", "target", "from", "to"] as const;
/** The audit log's filters; applying them puts them in the page's URL. */
export function AuditFilterForm({ filters }: { filters: AuditFilters }) {
  const form = useFilterForm(auditFilterSchema, AUDIT_FILTER_NAMES, filters);
  const text = (name: "actor" | "target", label: string, hint: string) => (
    <TextField
      label={label}
      hint={hint}
      name={name}
      value={form.values[name]}
      onChange={form.set(name)}
      error={form.errors[name]}
      autoComplete="off"
      className="max-w-full"
    />
  );

  return (
    <Form
      aria-label="Filter audit log"
      onSubmit={form.submit}
      className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3"
    >
      {text("actor", "Actor", "Username, exactly")}
      <Select
        label="Action"
        hint="One kind of event"
        name="action"
        value={form.values.action}
        onChange={form.set("action")}
        error={form.errors.action}
        options={auditActionOptions(filters.action)}
        className="max-w-full"
      />
      {text("target", "Target", "A name or id, exactly")}
      <DateRangeFields form={form} />
      <FilterButtons form={form} filters={filters} />
    </Form>
  );
}
