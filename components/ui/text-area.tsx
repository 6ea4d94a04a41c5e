import { useId, type ComponentPropsWithRef, type ReactNode } from "react";
import { describedBy, FieldError, FieldHint } from "./field-parts";

export interface TextAreaProps extends Omit<ComponentPropsWithRef<"textarea">, "children"> {
  /** The visible label, also the control's accessible name. */
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

/** A labelled multi-line input, wired like TextField. Works with register(). */
export function TextArea({ label, hint, error, id, className = "", "aria-describedby": describedByExtra, rows = 6, ...props }: TextAreaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={inputId} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <FieldHint id={inputId}>{hint}</FieldHint>
      <textarea
        id={inputId}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, hint, error, describedByExtra)}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600 aria-invalid:border-red-600 disabled:bg-slate-100"
        {...props}
      />
      <FieldError id={inputId}>{error}</FieldError>
    </div>
  );
}
