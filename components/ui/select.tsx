import { useId, type ComponentPropsWithRef, type ReactNode } from "react";
import { describedBy, FieldError, FieldHint } from "./field-parts";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends ComponentPropsWithRef<"select"> {
  label: ReactNode;
  /** Hides the label visually; it stays the accessible name (for compact rows in a table). */
  hideLabel?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  /** Either options or <option> children. */
  options?: readonly SelectOption[];
}

/** A labelled native select: keyboard and screen-reader behaviour come with the platform. */
export function Select({ label, hideLabel = false, hint, error, options, id, className = "", "aria-describedby": describedByExtra, children, ...props }: SelectProps) {
  const generated = useId();
  const selectId = id ?? generated;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={selectId} className={hideLabel ? "sr-only" : "text-sm font-medium text-slate-800"}>
        {label}
      </label>
      <FieldHint id={selectId}>{hint}</FieldHint>
      <select
        id={selectId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(selectId, hint, error, describedByExtra)}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600 aria-invalid:border-red-600 disabled:bg-slate-100"
        {...props}
      >
        {options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
      <FieldError id={selectId}>{error}</FieldError>
    </div>
  );
}
