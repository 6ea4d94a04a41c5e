import { useId, type ComponentPropsWithRef, type ReactNode } from "react";

import { cn } from "./cn";
import { FieldHint } from "./field-parts";

export interface RadioProps extends Omit<ComponentPropsWithRef<"input">, "type" | "children"> {
  /** The visible label beside the button, also its accessible name. */
  label: ReactNode;
  hint?: ReactNode;
}

/** One labelled radio button; group several in a <fieldset> with a <legend>. Works with register(). */
export function Radio({ label, hint, id, className, ...props }: RadioProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className={cn("flex items-start gap-2", className)}>
      <input
        id={inputId}
        type="radio"
        aria-describedby={hint ? `${inputId}-hint` : undefined}
        className="mt-0.5 size-4 shrink-0 accent-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        {...props}
      />
      <div className="flex flex-col gap-0.5">
        <label htmlFor={inputId} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <FieldHint id={inputId}>{hint}</FieldHint>
      </div>
    </div>
  );
}
