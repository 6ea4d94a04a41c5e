import type { ReactNode } from "react";

import { TextField, type TextFieldProps } from "@/components/ui/text-field";

/** What each field gets from the form: register()'s props and the error to show. */
type CredentialField = Omit<TextFieldProps, "label">;

/**
 * A storage user's name and password side by side, typed for one operation (a test, a backup)
 * and never kept. With `legend` the pair is a group of that name ("Storage user for this
 * backup"), so that on a page with several such pairs each one says what it is for.
 */
export function StorageCredentialFields({
  username,
  password,
  autoFocus,
  legend,
}: {
  username: CredentialField;
  password: CredentialField;
  autoFocus?: boolean;
  legend?: ReactNode;
}) {
  const fields = (
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
  if (!legend) return fields;
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-2 text-sm font-semibold text-slate-900">{legend}</legend>
      {fields}
    </fieldset>
  );
}
