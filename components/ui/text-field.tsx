import { useId, type ComponentPropsWithRef, type ReactNode } from "react";

import { CONTROL_CLASSES, LabelledField } from "./field-parts";

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
export function TextField({
  label,
  hint,
  error,
  id,
  className,
  "aria-describedby": describedByExtra,
  type = "text",
  ...props
}: TextFieldProps) {
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
      {(control) => <input type={type} className={CONTROL_CLASSES} {...control} {...props} />}
    </LabelledField>
  );
}
