"use client";

import { useId, useState } from "react";
import { useWatch, type UseFormReturn } from "react-hook-form";

import { StorageCredentialFields } from "@/components/systems/storage-credential-fields";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import {
  BACKUP_PASSWORD_MAX,
  BACKUP_PASSWORD_MIN,
  BACKUP_PASSWORD_SYMBOLS,
  type BackupPasswordPolicy,
  type BackupRequest,
} from "@/lib/schemas/backup-password";

import { fieldErrorText } from "./field-error-text";
import { policySentence } from "./password-policy-text";
import { PasswordStrengthMeter } from "./password-strength-meter";

const BASE_RULE = `${BACKUP_PASSWORD_MIN} to ${BACKUP_PASSWORD_MAX} characters: ASCII letters, digits and ${BACKUP_PASSWORD_SYMBOLS} (no spaces).`;
// Words an attacker would try first for this portal's backups.
const SITE_WORDS = ["hitachi", "vsp", "storage", "backup", "encryption", "keys", "portal"];

/**
 * The backup request, validated live with the schema the server uses (the caller's resolver). The
 * submit button stays disabled until everything is valid and the confirmation matches.
 */
export function BackupForm({
  form,
  policy,
  systemName,
  busy,
  onSubmit,
}: {
  form: UseFormReturn<BackupRequest>;
  policy: BackupPasswordPolicy | null;
  systemName: string;
  busy: boolean;
  onSubmit: (values: BackupRequest) => void;
}) {
  const strengthId = useId();
  const [showPasswords, setShowPasswords] = useState(false);
  const backupPassword = useWatch({ control: form.control, name: "backupPassword" });
  const { errors, isValid } = form.formState;
  const policyText = policySentence(policy);
  // The backup password and its confirmation: shown or hidden together, never filled in or corrected.
  const backupPasswordInput = {
    type: showPasswords ? "text" : "password",
    autoComplete: "new-password",
    autoCapitalize: "none",
    spellCheck: false,
  } as const;

  const backupPasswordField = form.register("backupPassword", {
    // The confirmation's "does not match" must follow the password, once it has been typed.
    onChange: () => {
      if (form.getValues("backupPasswordConfirmation") !== "") void form.trigger("backupPasswordConfirmation");
    },
  });

  return (
    <Form className="flex flex-col gap-4" onSubmit={form.handleSubmit(onSubmit)}>
      <fieldset disabled={busy} className="flex flex-col gap-4">
        <legend className="sr-only">Storage credentials and backup password</legend>
        <StorageCredentialFields
          autoFocus
          username={{ error: fieldErrorText(errors.storageUsername), ...form.register("storageUsername") }}
          password={{ error: fieldErrorText(errors.storagePassword), ...form.register("storagePassword") }}
        />
        {policyText ? (
          <p className="rounded-md border border-blue-300 bg-blue-50 px-4 py-3 text-sm text-blue-900">{policyText}</p>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-2">
            <TextField
              label="Backup password"
              {...backupPasswordInput}
              hint={policyText ? `${BASE_RULE} ${policyText}` : BASE_RULE}
              aria-describedby={backupPassword ? strengthId : undefined}
              error={fieldErrorText(errors.backupPassword)}
              {...backupPasswordField}
            />
            <PasswordStrengthMeter
              id={strengthId}
              password={backupPassword ?? ""}
              userInputs={[systemName, ...SITE_WORDS]}
            />
          </div>
          <TextField
            label="Confirm backup password"
            {...backupPasswordInput}
            error={fieldErrorText(errors.backupPasswordConfirmation)}
            {...form.register("backupPasswordConfirmation")}
          />
        </div>
        <Checkbox
          label="Show the backup password"
          checked={showPasswords}
          onChange={(event) => setShowPasswords(event.target.checked)}
        />
      </fieldset>
      <div>
        <Button type="submit" disabled={!isValid} pending={busy}>
          Download backup
        </Button>
      </div>
    </Form>
  );
}
