"use client";

import { useState, type FormEvent } from "react";

import { checkFilterValues, filterValues, hasFilters } from "@/components/history/filter-values";
import { useFilterNavigation } from "@/components/history/use-filter-navigation";
import { Button } from "@/components/ui/button";
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
  const [values, setValues] = useState(() => filterValues(AUDIT_FILTER_NAMES, filters));
  const [errors, setErrors] = useState<Partial<Record<Name, string>>>({});
  const { apply, pending } = useFilterNavigation();
  const set = (name: Name) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkFilterValues(auditFilterSchema, AUDIT_FILTER_NAMES, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    apply(checked.search);
  };
  const clear = () => {
    setValues(filterValues(AUDIT_FILTER_NAMES, {}));
    setErrors({});
    apply("");
  };

  return (
    <Form
      aria-label="Filter audit log"
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3"
    >
      {TEXT_FIELDS.map((field) => (
        <TextField
          key={field.name}
          label={field.label}
          hint={field.hint}
          name={field.name}
          value={values[field.name]}
          onChange={set(field.name)}
          error={errors[field.name]}
          autoComplete="off"
        />
      ))}
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
