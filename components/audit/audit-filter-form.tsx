"use client";

import { DateRangeFields, FilterButtons, useFilterForm } from "@/components/history/filter-form";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { auditFilterSchema, type AuditFilters } from "@/lib/schemas/audit";

export const AUDIT_FILTER_NAMES = ["actor", "action", "target", "from", "to"] as const;
type Name = (typeof AUDIT_FILTER_NAMES)[number];

const TEXT_FIELDS: { name: Name; label: string; hint: string }[] = [
  { name: "actor", label: "Actor", hint: "Username, exactly" },
  { name: "action", label: "Action", hint: "For example backup.run" },
  { name: "target", label: "Target", hint: "A name or id, exactly" },
];

/** The audit log's filters; applying them puts them in the page's URL. */
export function AuditFilterForm({ filters }: { filters: AuditFilters }) {
  const form = useFilterForm(auditFilterSchema, AUDIT_FILTER_NAMES, filters);

  return (
    <Form
      aria-label="Filter audit log"
      onSubmit={form.submit}
      className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3"
    >
      {TEXT_FIELDS.map((field) => (
        <TextField
          key={field.name}
          label={field.label}
          hint={field.hint}
          name={field.name}
          value={form.values[field.name]}
          onChange={form.set(field.name)}
          error={form.errors[field.name]}
          autoComplete="off"
        />
      ))}
      <DateRangeFields form={form} />
      <FilterButtons form={form} filters={filters} />
    </Form>
  );
}
