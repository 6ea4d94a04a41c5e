import { useId, type ComponentPropsWithRef, type ReactNode } from "react";

import { CONTROL_CLASSES, LabelledField } from "./field-parts";

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
export function Select({
  label,
  hideLabel = false,
  hint,
  error,
  options,
  id,
  className,
  "aria-describedby": describedByExtra,
  children,
  ...props
}: SelectProps) {
  const generated = useId();
  return (
    <LabelledField
      id={id ?? generated}
      label={label}
      hideLabel={hideLabel}
      hint={hint}
      error={error}
      describedByExtra={describedByExtra}
      className={className}
    >
      {(control) => (
        <select className={CONTROL_CLASSES} {...control} {...props}>
          {options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          {children}
        </select>
      )}
    </LabelledField>
  );
}
