import { TextField, type TextFieldProps } from "@/components/ui/text-field";

/** A portal username, typed as it is: no capitals or corrections added by the browser. */
export function UsernameField(props: Omit<TextFieldProps, "label">) {
  return <TextField label="Username" autoComplete="username" autoCapitalize="none" spellCheck={false} {...props} />;
}
