import { TextField, type TextFieldProps } from "@/components/ui/text-field";

/** What each field gets from the form: register()'s props and the error to show. */
type CredentialField = Omit<TextFieldProps, "label">;

/**
 * A storage user's name and password side by side, typed for one operation (a test, a backup)
 * and never kept.
 */
export function StorageCredentialFields({
  username,
  password,
  autoFocus,
}: {
  username: CredentialField;
  password: CredentialField;
  autoFocus?: boolean;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        label="Storage username"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus={autoFocus}
        {...username}
      />
      <TextField
        label="Storage password"
        type="password"
        // Not the portal password: keep the browser from filling or saving it as one.
        autoComplete="new-password"
        {...password}
      />
    </div>
  );
}
