"use client";

import { useEffect, useId, useRef, useState } from "react";

import { refusalText } from "@/components/systems/key-backup-refusal";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { BackupPasswordPolicy } from "@/lib/schemas/backup-password";
import type { SystemView } from "@/lib/schemas/system";

import { BackupWorkspace } from "./backup-workspace";

/**
 * "Back up encryption keys" for operators and admins: the button opens the form in place (its
 * first field focused); the form's Cancel folds it away again and focus returns to the button.
 * The form is only mounted when opened, and the strength meter's dictionaries load only then.
 */
export function BackupPanel({
  systemId,
  systemName,
  passwordPolicy,
  keyBackupRefusal,
}: {
  systemId: string;
  systemName: string;
  passwordPolicy: BackupPasswordPolicy | null;
  /** The array's last answer to a key backup, if it was a refusal (412). */
  keyBackupRefusal: SystemView["keyBackupRefusal"];
}) {
  const [open, setOpen] = useState(false);
  // Set by Cancel, so that focus goes back to the button (not on the first render).
  const [closedByUser, setClosedByUser] = useState(false);
  const openButtonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open && closedByUser) openButtonRef.current?.focus();
  }, [open, closedByUser]);
  const regionId = useId();
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-700">
        Downloads the storage system&apos;s data-at-rest encryption keys as an encrypted key file, checks the downloaded
        data against the portal&apos;s record, and records the backup in the history below.
      </p>
      {keyBackupRefusal ? (
        <Alert tone="warning" live={false} title={`${refusalText(keyBackupRefusal)}.`}>
          Its microcode does not support the function. Have the microcode updated with the vendor&apos;s support, then
          back up again; a successful backup clears this note.
        </Alert>
      ) : null}
      {open ? null : (
        <div>
          <Button ref={openButtonRef} aria-expanded={false} aria-controls={regionId} onClick={() => setOpen(true)}>
            Back up encryption keys
          </Button>
        </div>
      )}
      <div id={regionId} hidden={!open} className="flex flex-col gap-4">
        {open ? (
          <BackupWorkspace
            systemId={systemId}
            systemName={systemName}
            policy={passwordPolicy}
            onClose={() => {
              setClosedByUser(true);
              setOpen(false);
            }}
          />
        ) : null}
      </div>
    </div>
  );
}
