import type { ReactNode } from "react";

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

/** What a control inside a LabelledField gets: its id and the ARIA wiring to its hint and error. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/** The classes every boxed control shares (input, textarea, select). */
export const CONTROL_CLASSES =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600 aria-invalid:border-red-600 disabled:bg-slate-100";

/** A label, an optional hint, the control and an optional error, tied together for assistive technology. */
export function LabelledField({
  id,
  label,
  hideLabel = false,
  hint,
  error,
  describedByExtra,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hideLabel?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  describedByExtra?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "text-sm font-medium text-slate-800"}>
        {label}
      </label>
      <FieldHint id={id}>{hint}</FieldHint>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy(id, hint, error, describedByExtra),
      })}
      <FieldError id={id}>{error}</FieldError>
    </div>
  );
}
