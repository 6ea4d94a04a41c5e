import { Alert } from "@/components/ui/alert";
import { Checksum } from "@/components/ui/checksum";
import { DescriptionList, type DescriptionItem } from "@/components/ui/description-list";
import { formatBytes } from "@/components/ui/format";

import type { SavedBackup } from "./use-backup-download";
import type { Verification } from "./verify-backup";

function sizeText(bytes: number): string {
  return bytes < 1024 ? formatBytes(bytes) : `${formatBytes(bytes)} (${bytes.toLocaleString("en")} bytes)`;
}

function VerificationAlert({ verification }: { verification: Verification }) {
  if (verification.kind === "verified") {
    return (
      <Alert tone="success" title="Verified">
        The SHA-256 of the saved file matches the portal&apos;s record of this backup.
      </Alert>
    );
  }
  if (verification.kind === "mismatch") {
    return (
      <Alert tone="error" title="Do not trust this file: it does not match the portal's record">
        <p>{verification.reason}</p>
        <p className="mt-1 font-medium">Delete the saved file and run the backup again.</p>
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title="Not verified">
      <p>{verification.reason}</p>
      <p className="mt-1">
        Until the checksums are compared, do not rely on this file; if in doubt, run the backup again.
      </p>
    </Alert>
  );
}

/** The saved file, whether its checksum matched the portal's record, and what to do with it. */
export function BackupResult({ saved, verification }: { saved: SavedBackup; verification: Verification }) {
  const items: DescriptionItem[] = [
    { term: "File name", description: <span className="font-mono text-xs break-all">{saved.fileName}</span> },
    { term: "Size", description: sizeText(saved.bytes) },
  ];
  if (verification.kind === "verified") {
    items.push({ term: "SHA-256", description: <Checksum value={verification.sha256} /> });
  } else {
    if (verification.sha256)
      items.push({ term: "SHA-256 of the saved file", description: <Checksum value={verification.sha256} /> });
    const recorded = verification.row?.sha256;
    if (recorded) items.push({ term: "SHA-256 the portal recorded", description: <Checksum value={recorded} /> });
  }
  return (
    <div className="flex flex-col gap-3">
      <VerificationAlert verification={verification} />
      <DescriptionList items={items} />
      {verification.kind === "mismatch" ? null : (
        <p className="text-sm text-slate-700">
          Store the key file and the backup password separately and safely: anyone with both can restore the keys, and
          without the password the file is of no use.
        </p>
      )}
    </div>
  );
}
