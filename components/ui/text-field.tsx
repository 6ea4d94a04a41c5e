import { useId, type ComponentPropsWithRef, type ReactNode } from "react";
import { describedBy, FieldError, FieldHint } from "./field-parts";

export interface TextFieldProps extends Omit<ComponentPropsWithRef<"input">, "children"> {
  /** The visible label, also the input's accessible name. */
  label: ReactNode;
  /** Help shown under the label, read out with the field. */
  hint?: ReactNode;
  /** Shown under the field; marks it invalid. */
  error?: ReactNode;
}

/**
 * A labelled input with its hint and error wired through aria-describedby and aria-invalid.
 * Works with react-hook-form's register() (ref is a prop in React 19).
 */
export function TextField({ label, hint, error, id, className = "", "aria-describedby": describedByExtra, type = "text", ...props }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={inputId} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <FieldHint id={inputId}>{hint}</FieldHint>
      <input
        id={inputId}
        type={type}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, hint, error, describedByExtra)}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600 aria-invalid:border-red-600 disabled:bg-slate-100"
        {...props}
      />
      <FieldError id={inputId}>{error}</FieldError>
    </div>
  );
}
