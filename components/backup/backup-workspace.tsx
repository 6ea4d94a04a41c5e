"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo } from "react";
import { useForm } from "react-hook-form";

import { applyFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { ApiError } from "@/lib/api-client/api-error";
import { makeBackupRequestSchema, type BackupPasswordPolicy, type BackupRequest } from "@/lib/schemas/backup-password";

import { BackupForm } from "./backup-form";
import { BackupNotes } from "./backup-notes";
import { BackupOutcome } from "./backup-outcome";
import { TransferProgress } from "./transfer-progress";
import { useBackupDownload, type BackupState } from "./use-backup-download";

const FIELDS = ["storageUsername", "storagePassword", "backupPassword", "backupPasswordConfirmation"] as const;
const EMPTY: BackupRequest = {
  storageUsername: "",
  storagePassword: "",
  backupPassword: "",
  backupPasswordConfirmation: "",
};

/**
 * The outcome worth moving focus to, once per outcome: a file's check filling in (verifying, then
 * done, then recorded) is one outcome, so focus does not jump back while the user reads it.
 */
function outcomeOf(state: BackupState): object | null {
  if (state.phase === "idle" || state.phase === "requesting" || state.phase === "transferring") return null;
  return state.phase === "verifying" || state.phase === "done" ? state.saved : state;
}

/**
 * The backup form, the transfer under way, and how it ended. Once a file has arrived the form
 * folds away and the result stays, with "Back up again" to start afresh; `onClose` is the form's
 * Cancel.
 */
export function BackupWorkspace({
  systemId,
  systemName,
  policy,
  onClose,
}: {
  systemId: string;
  systemName: string;
  policy: BackupPasswordPolicy | null;
  onClose: () => void;
}) {
  const policyKey = JSON.stringify(policy ?? {});
  // The same schema the server checks with, this system's policy included.
  const schema = useMemo(() => makeBackupRequestSchema(JSON.parse(policyKey) as BackupPasswordPolicy), [policyKey]);
  const form = useForm<BackupRequest>({
    resolver: zodResolver(schema),
    mode: "onChange",
    // Every problem with a password at once, not one at a time.
    criteriaMode: "all",
    defaultValues: EMPTY,
  });
  // A policy saved meanwhile applies to what is already typed.
  useEffect(() => {
    if (form.getValues("backupPassword") !== "") void form.trigger();
  }, [schema, form]);

  const backup = useBackupDownload({
    systemId,
    systemName,
    // Passwords are not kept in the page once the file is saved; the user name may be reused.
    onSaved: () => FIELDS.filter((field) => field !== "storageUsername").forEach((field) => form.resetField(field)),
  });
  const { state } = backup;
  const busy = state.phase === "requesting" || state.phase === "transferring";
  const arrived = state.phase === "verifying" || state.phase === "done";

  useEffect(() => {
    if (state.phase !== "refused") return;
    applyFieldErrors<BackupRequest>(state.error, FIELDS, form.setError);
    if (state.error instanceof ApiError && state.error.code === "STORAGE_AUTH_FAILED")
      form.resetField("storagePassword");
  }, [state, form]);

  // Leaving mid-transfer would cancel it; the browser asks first.
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  const cancelRef = useFocusOn<HTMLButtonElement>(busy);
  const outcomeRef = useFocusOn<HTMLDivElement>(outcomeOf(state));
  const submit = form.handleSubmit((values) => void backup.start(values));

  return (
    <div className="flex flex-col gap-4">
      {arrived ? null : <BackupNotes />}
      {arrived ? null : (
        <BackupForm
          form={form}
          policy={policy}
          systemName={systemName}
          busy={busy}
          onSubmit={(values) => void backup.start(values)}
          onCancel={onClose}
        />
      )}
      {/* Polite and sparse: progress in words every few seconds, not on every chunk. */}
      <p role="status" aria-live="polite" aria-atomic="true" className="sr-only">
        {backup.announcement}
      </p>
      {busy ? (
        <TransferProgress
          received={state.phase === "transferring" ? state.received : undefined}
          expected={state.phase === "transferring" ? state.expected : undefined}
          onCancel={backup.cancel}
          cancelRef={cancelRef}
        />
      ) : null}
      <BackupOutcome ref={outcomeRef} state={state} systemId={systemId} onRetry={() => void submit()} />
      {state.phase === "done" ? (
        <div>
          {/* The form comes back empty but for the storage username, its first field focused. */}
          <Button variant="secondary" onClick={backup.reset}>
            Back up again
          </Button>
        </div>
      ) : null}
    </div>
  );
}
