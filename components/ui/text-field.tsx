import type { ComponentPropsWithRef } from "react";

import { CONTROL_CLASSES, LabelledField, useField, type FieldProps } from "./field-parts";

export interface TextFieldProps extends Omit<ComponentPropsWithRef<"input">, "children">, FieldProps {}

/**
 * A labelled input with its hint and error wired through aria-describedby and aria-invalid.
 * Works with react-hook-form's register() (ref is a prop in React 19).
 */
export function TextField({ type = "text", ...props }: TextFieldProps) {
  const { field, control, rest } = useField(props);
  return (
    <LabelledField {...field}>
      <input type={type} className={CONTROL_CLASSES} {...control} {...rest} />
    </LabelledField>
  );
}
