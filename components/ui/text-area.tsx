import { useId, type ComponentPropsWithRef, type ReactNode } from "react";

import { cn } from "./cn";
import { CONTROL_CLASSES, LabelledField } from "./field-parts";

export interface TextAreaProps extends Omit<ComponentPropsWithRef<"textarea">, "children"> {
  /** The visible label, also the control's accessible name. */
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

/** A labelled multi-line input, wired like TextField. Works with register(). */
export function TextArea({
  label,
  hint,
  error,
  id,
  className,
  "aria-describedby": describedByExtra,
  rows = 6,
  ...props
}: TextAreaProps) {
  const generated = useId();
  return (
    <LabelledField
      id={id ?? generated}
      label={label}
      hint={hint}
      error={error}
      describedByExtra={describedByExtra}
      className={className}
    >
      {(control) => (
        <textarea rows={rows} className={cn(CONTROL_CLASSES, "font-mono text-xs")} {...control} {...props} />
      )}
    </LabelledField>
  );
}
