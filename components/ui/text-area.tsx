import type { ComponentPropsWithRef } from "react";

import { cn } from "./cn";
import { CONTROL_CLASSES, LabelledField, useField, type FieldProps } from "./field-parts";

export interface TextAreaProps extends Omit<ComponentPropsWithRef<"textarea">, "children">, FieldProps {}

/** A labelled multi-line input, wired like TextField. Works with register(). */
export function TextArea({ rows = 6, ...props }: TextAreaProps) {
  const { field, control, rest } = useField(props);
  return (
    <LabelledField {...field}>
      <textarea rows={rows} className={cn(CONTROL_CLASSES, "font-mono text-xs")} {...control} {...rest} />
    </LabelledField>
  );
}
