import type { ComponentPropsWithRef } from "react";

import { CONTROL_CLASSES, LabelledField, useField, type FieldProps } from "./field-parts";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends ComponentPropsWithRef<"select">, FieldProps {
  /** Hides the label visually; it stays the accessible name (for compact rows in a table). */
  hideLabel?: boolean;
  /** Either options or <option> children. */
  options?: readonly SelectOption[];
}

/** A labelled native select: keyboard and screen-reader behaviour come with the platform. */
export function Select({ hideLabel = false, options, children, ...props }: SelectProps) {
  const { field, control, rest } = useField(props);
  return (
    <LabelledField {...field} hideLabel={hideLabel}>
      <select className={CONTROL_CLASSES} {...control} {...rest}>
        {options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
    </LabelledField>
  );
}
