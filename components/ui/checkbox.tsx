import type { ComponentPropsWithRef } from "react";

import { cn } from "./cn";
import { FieldError, FieldHint, useField, type FieldProps } from "./field-parts";

export interface CheckboxProps extends Omit<ComponentPropsWithRef<"input">, "type" | "children">, FieldProps {}

/** A labelled checkbox with its hint and error wired like TextField's. Works with register(). */
export function Checkbox(props: CheckboxProps) {
  const { field, control, rest } = useField(props);
  return (
    <div className={cn("flex flex-col gap-1", field.className)}>
      <div className="flex items-start gap-2">
        <input
          type="checkbox"
          className="mt-0.5 size-4 shrink-0 rounded border-slate-400 accent-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          {...control}
          {...rest}
        />
        <label htmlFor={field.id} className="text-sm font-medium text-slate-800">
          {field.label}
        </label>
      </div>
      <div className="pl-6">
        <FieldHint id={field.id}>{field.hint}</FieldHint>
        <FieldError id={field.id}>{field.error}</FieldError>
      </div>
    </div>
  );
}
