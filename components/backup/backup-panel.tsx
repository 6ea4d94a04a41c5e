"use client";

import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { BackupPasswordPolicy } from "@/lib/schemas/backup-password";

import { BackupNotes } from "./backup-notes";
import { BackupWorkspace } from "./backup-workspace";

/**
 * "Back up encryption keys" for operators and admins: the button opens the form in place. The
 * form is only mounted when opened, and the strength meter's dictionaries load only then.
 */
export function BackupPanel({
  systemId,
  systemName,
  passwordPolicy,
  keyBackupSupported,
}: {
  systemId: string;
  systemName: string;
  passwordPolicy: BackupPasswordPolicy | null;
  /** From the last connection test; null when not tested yet. */
  keyBackupSupported: boolean | null;
}) {
  const [open, setOpen] = useState(false);
  const regionId = useId();
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-700">
        Downloads the storage system&apos;s data-at-rest encryption keys as an encrypted key file, checks the saved file
        against the portal&apos;s record, and records the backup in the history below.
      </p>
      {keyBackupSupported === false ? (
        <Alert
          tone="warning"
          live={false}
          title="The last connection test says this microcode does not support key backup"
        >
          The storage system will most likely refuse. Update its microcode, test the connection again, then back up.
        </Alert>
      ) : null}
      {open ? null : (
        <div>
          <Button aria-expanded={false} aria-controls={regionId} onClick={() => setOpen(true)}>
            Back up encryption keys
          </Button>
        </div>
      )}
      <div id={regionId} hidden={!open} className="flex flex-col gap-4">
        {open ? (
          <>
            <BackupNotes />
            <BackupWorkspace systemId={systemId} systemName={systemName} policy={passwordPolicy} />
          </>
        ) : null}
      </div>
    </div>
  );
}
