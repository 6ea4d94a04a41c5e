import type { ReactNode, Ref } from "react";

import { Alert, type AlertTone } from "@/components/ui/alert";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/components/ui/format";

import { describeBackupError } from "./backup-error-titles";
import { BackupResult } from "./backup-result";
import type { TransferError } from "./download-backup";
import type { BackupState } from "./use-backup-download";

function failureText(failure: TransferError): string {
  const got = `${formatBytes(failure.received)}${failure.expected === undefined ? "" : ` of ${formatBytes(failure.expected)}`}`;
  switch (failure.kind) {
    case "short":
      return `The transfer ended early (${got} arrived). Nothing was saved. The backup history shows it as “Failed”.`;
    case "not-a-backup":
      return "The portal's answer was not a key file. Nothing was saved. Reload the page and try again.";
    default:
      return `The transfer broke off (${got} arrived). Nothing was saved. The backup history shows it as “Failed”.`;
  }
}

/** An attempt that saved nothing: what happened, and a button to start again. */
function RetryAlert({
  tone,
  title,
  onRetry,
  children,
}: {
  tone: AlertTone;
  title: string;
  onRetry: () => void;
  children: ReactNode;
}) {
  return (
    <Alert tone={tone} title={title}>
      <p>{children}</p>
      <div className="mt-3">
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      </div>
    </Alert>
  );
}

/**
 * What became of the last backup attempt. `ref` goes on a focusable wrapper, so focus can land on
 * the outcome when it changes.
 */
export function BackupOutcome({
  state,
  systemId,
  onRetry,
  ref,
}: {
  state: BackupState;
  systemId: string;
  onRetry: () => void;
  ref?: Ref<HTMLDivElement>;
}) {
  let content = null;
  switch (state.phase) {
    case "refused":
      content = (
        <ApiErrorAlert
          error={state.error}
          description={describeBackupError(state.error)}
          signInNext={`/systems/${encodeURIComponent(systemId)}`}
        />
      );
      break;
    case "failed":
      content = (
        <RetryAlert tone="error" title="The transfer failed" onRetry={onRetry}>
          {failureText(state.failure)}
        </RetryAlert>
      );
      break;
    case "cancelled":
      content = (
        <RetryAlert tone="info" title="Cancelled" onRetry={onRetry}>
          Nothing was saved. The backup history shows it as “Cancelled”.
        </RetryAlert>
      );
      break;
    case "verifying":
      content = (
        <p className="text-sm text-slate-800">
          Downloaded <span className="font-mono text-xs break-all">{state.saved.fileName}</span>. Comparing the SHA-256
          of the data received with the portal&apos;s record…
        </p>
      );
      break;
    case "done":
      content = <BackupResult saved={state.saved} verification={state.verification} record={state.record} />;
      break;
    default:
      content = null;
  }
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
    >
      {content}
    </div>
  );
}
