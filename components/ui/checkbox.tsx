import { useId, type ComponentPropsWithRef, type ReactNode } from "react";

import { cn } from "./cn";
import { describedBy, FieldError, FieldHint } from "./field-parts";

export interface CheckboxProps extends Omit<ComponentPropsWithRef<"input">, "type" | "children"> {
  /** The visible label beside the box, also its accessible name. */
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

/** A labelled checkbox with its hint and error wired like TextField's. Works with register(). */
export function Checkbox({
  label,
  hint,
  error,
  id,
  className,
  "aria-describedby": describedByExtra,
  ...props
}: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <div className="flex items-start gap-2">
        <input
          id={inputId}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(inputId, hint, error, describedByExtra)}
          className="mt-0.5 size-4 shrink-0 rounded border-slate-400 accent-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          {...props}
        />
        <label htmlFor={inputId} className="text-sm font-medium text-slate-800">
          {label}
        </label>
      </div>
      <div className="pl-6">
        <FieldHint id={inputId}>{hint}</FieldHint>
        <FieldError id={inputId}>{error}</FieldError>
      </div>
    </div>
  );
}
