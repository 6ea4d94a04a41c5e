import { useId, type ReactNode } from "react";

import { cn } from "./cn";

/** The ids a field's hint and error get, and the aria-describedby that ties them to the control. */
export function describedBy(id: string, hint: ReactNode, error: ReactNode, extra?: string): string | undefined {
  const ids = [extra, hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={`${id}-hint`} className="text-sm text-slate-600">
      {children}
    </p>
  );
}

export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={`${id}-error`} className="text-sm font-medium text-red-700">
      {children}
    </p>
  );
}

/** What every labelled control takes besides its element's own props. */
export interface FieldProps {
  /** The visible label, also the control's accessible name. */
  label: ReactNode;
  /** Help shown under the label, read out with the field. */
  hint?: ReactNode;
  /** Shown under the field; marks it invalid. */
  error?: ReactNode;
  id?: string;
  className?: string;
  "aria-describedby"?: string;
}

/** What the control itself gets: its id and the ARIA wiring to its hint and error. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * Splits a labelled control's props into the field around it (`field`: id, label, hint, error,
 * className), the ARIA wiring for the control (`control`) and the rest, which go on the control.
 */
export function useField<P extends FieldProps>({
  label,
  hint,
  error,
  id,
  className,
  "aria-describedby": describedByExtra,
  ...rest
}: P) {
  const generated = useId();
  const fieldId = id ?? generated;
  const control: FieldControlProps = {
    id: fieldId,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(fieldId, hint, error, describedByExtra),
  };
  return { field: { id: fieldId, label, hint, error, className }, control, rest };
}

/** The classes every boxed control shares (input, textarea, select). */
export const CONTROL_CLASSES =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600 aria-invalid:border-red-600 disabled:bg-slate-100";

/** A label, an optional hint, the control (wired with useField) and an optional error. */
export function LabelledField({
  id,
  label,
  hideLabel = false,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hideLabel?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "text-sm font-medium text-slate-800"}>
        {label}
      </label>
      <FieldHint id={id}>{hint}</FieldHint>
      {children}
      <FieldError id={id}>{error}</FieldError>
    </div>
  );
}
