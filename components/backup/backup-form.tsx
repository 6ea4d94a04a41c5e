"use client";

import { useId, useState, type MouseEvent } from "react";
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

import { blockersText, downloadBlockers } from "./download-blockers";
import { fieldErrorText } from "./field-error-text";
import { policySentence } from "./password-policy-text";
import { PasswordStrengthMeter } from "./password-strength-meter";

const BASE_RULE = `${BACKUP_PASSWORD_MIN} to ${BACKUP_PASSWORD_MAX} characters: ASCII letters, digits and ${BACKUP_PASSWORD_SYMBOLS} (no spaces).`;
// Words an attacker would try first for this portal's backups.
const SITE_WORDS = ["hitachi", "vsp", "storage", "backup", "encryption", "keys", "portal"];

/**
 * The backup request, validated live with the schema the server uses (the caller's resolver).
 * "Download backup" stays focusable until everything is valid: it is aria-disabled, and the
 * sentence under it, tied to it, says what is still missing.
 */
export function BackupForm({
  form,
  policy,
  systemName,
  busy,
  onSubmit,
  onCancel,
}: {
  form: UseFormReturn<BackupRequest>;
  policy: BackupPasswordPolicy | null;
  systemName: string;
  busy: boolean;
  onSubmit: (values: BackupRequest) => void;
  onCancel: () => void;
}) {
  const ids = { rules: useId(), strength: useId(), reason: useId() };
  const [showPasswords, setShowPasswords] = useState(false);
  const values = useWatch({ control: form.control });
  const { errors, isValid } = form.formState;
  const policyText = policySentence(policy);
  const blocked = !isValid && !busy;
  const reason = blockersText(
    downloadBlockers(values, policy, {
      storageUsername: Boolean(errors.storageUsername),
      storagePassword: Boolean(errors.storagePassword),
    }),
  );
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
  // Not submitted yet: every field shows what it lacks, and focus stays on the button.
  const holdBack = (event: MouseEvent<HTMLButtonElement>) => {
    if (!blocked) return;
    event.preventDefault();
    void form.trigger();
  };

  return (
    <Form
      aria-label={`Key backup of ${systemName}`}
      className="flex flex-col gap-5"
      onSubmit={form.handleSubmit(onSubmit)}
    >
      <fieldset disabled={busy} className="flex min-w-0 flex-col gap-5">
        <StorageCredentialFields
          autoFocus
          legend="Storage user for this backup"
          username={{ error: fieldErrorText(errors.storageUsername), ...form.register("storageUsername") }}
          password={{ error: fieldErrorText(errors.storagePassword), ...form.register("storagePassword") }}
        />
        <fieldset className="flex min-w-0 flex-col gap-2">
          <legend className="mb-2 text-sm font-semibold text-slate-900">Backup password (encrypts the key file)</legend>
          <p id={ids.rules} className="text-sm text-slate-600">
            {BASE_RULE}
            {policyText ? <strong className="block font-medium text-blue-900">{policyText}</strong> : null}
          </p>
          {/* Both labels sit on the same line: the rules above belong to the pair, not to one field. */}
          <div className="grid items-start gap-4 sm:grid-cols-2">
            <div className="flex min-w-0 flex-col gap-2">
              <TextField
                label="Backup password"
                {...backupPasswordInput}
                aria-describedby={values.backupPassword ? `${ids.rules} ${ids.strength}` : ids.rules}
                error={fieldErrorText(errors.backupPassword)}
                {...backupPasswordField}
              />
              <PasswordStrengthMeter
                id={ids.strength}
                password={values.backupPassword ?? ""}
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
      </fieldset>
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap gap-3">
          <Button
            type="submit"
            pending={busy}
            aria-disabled={blocked || undefined}
            aria-describedby={blocked ? ids.reason : undefined}
            onClick={holdBack}
            className="aria-disabled:cursor-not-allowed aria-disabled:bg-slate-400 aria-disabled:hover:bg-slate-400"
          >
            Download backup
          </Button>
          <Button variant="secondary" disabled={busy} onClick={onCancel}>
            Cancel
          </Button>
        </div>
        {blocked ? (
          <p id={ids.reason} className="text-sm text-slate-700">
            {reason}
          </p>
        ) : null}
      </div>
    </Form>
  );
}
