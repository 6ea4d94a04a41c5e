import { Alert } from "@/components/ui/alert";
import { Checksum } from "@/components/ui/checksum";
import { DescriptionList, type DescriptionItem } from "@/components/ui/description-list";
import { formatBytes } from "@/components/ui/format";
import { UtcTime } from "@/components/ui/utc-time";

import type { CheckRecord } from "./record-check";
import type { SavedBackup } from "./use-backup-download";
import type { Verification } from "./verify-backup";

function sizeText(bytes: number): string {
  return bytes < 1024 ? formatBytes(bytes) : `${formatBytes(bytes)} (${bytes.toLocaleString("en")} bytes)`;
}

/** Whether the portal kept the browser's check: one sentence, updated in place (the alert is live). */
function RecordLine({ record, verified }: { record: CheckRecord; verified: boolean }) {
  let text;
  switch (record.kind) {
    case "recording":
      text = "Recording this check with the portal…";
      break;
    case "recorded":
      text =
        record.verification === "verified" && verified ? (
          <>
            Verified in the browser and recorded on <UtcTime iso={record.verifiedAt} />.
          </>
        ) : record.verification === "verified" ? (
          <>
            The portal compared the checksum with its record and recorded a match on <UtcTime iso={record.verifiedAt} />
            .
          </>
        ) : (
          <>
            The portal compared the checksum with its record and recorded a mismatch on{" "}
            <UtcTime iso={record.verifiedAt} />.
          </>
        );
      break;
    case "not-recorded":
      text = `${verified ? "Verified in the browser, but the portal" : "The portal"} could not record the check: ${record.reason} The backup itself is complete and in the history.`;
      break;
    default:
      return null;
  }
  return <p className="mt-1">{text}</p>;
}

function VerificationAlert({ verification, record }: { verification: Verification; record: CheckRecord }) {
  // The portal's own comparison has the last word: a mismatch it recorded is never shown as verified.
  const recordedMismatch = record.kind === "recorded" && record.verification === "mismatch";
  if (verification.kind === "mismatch" || recordedMismatch) {
    return (
      <Alert tone="error" title="Do not trust this file: it does not match the portal's record">
        {verification.kind === "mismatch" ? <p>{verification.reason}</p> : null}
        <RecordLine record={record} verified={false} />
        <p className="mt-1 font-medium">Delete the downloaded file and run the backup again.</p>
      </Alert>
    );
  }
  const recordedMatch = record.kind === "recorded" && record.verification === "verified";
  if (verification.kind === "verified" || recordedMatch) {
    return (
      <Alert tone="success" title="Verified">
        <p>
          {verification.kind === "verified"
            ? "The downloaded data matches the portal's record of this backup (SHA-256 and size)."
            : "The SHA-256 of the downloaded data matches the portal's record of this backup."}
        </p>
        <RecordLine record={record} verified={verification.kind === "verified"} />
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title="Not verified">
      <p>{verification.reason}</p>
      <RecordLine record={record} verified={false} />
      <p className="mt-1">
        Until the checksums are compared, do not rely on this file; if in doubt, run the backup again.
      </p>
    </Alert>
  );
}

/** The downloaded file, whether its data matched the portal's record, whether that was recorded, and what to do. */
export function BackupResult({
  saved,
  verification,
  record,
}: {
  saved: SavedBackup;
  verification: Verification;
  record: CheckRecord;
}) {
  const items: DescriptionItem[] = [
    { term: "File name", description: <span className="font-mono text-xs break-all">{saved.fileName}</span> },
    { term: "Size", description: sizeText(saved.bytes) },
  ];
  const recordedMismatch = record.kind === "recorded" && record.verification === "mismatch";
  const mismatch = verification.kind === "mismatch" || recordedMismatch;
  if (verification.kind === "verified" && !recordedMismatch) {
    items.push({ term: "SHA-256", description: <Checksum value={verification.sha256} /> });
  } else {
    if (verification.sha256)
      items.push({ term: "SHA-256 of the downloaded data", description: <Checksum value={verification.sha256} /> });
    const recorded = verification.row?.sha256;
    if (recorded) items.push({ term: "SHA-256 the portal recorded", description: <Checksum value={recorded} /> });
  }
  return (
    <div className="flex flex-col gap-3">
      <VerificationAlert verification={verification} record={record} />
      <DescriptionList items={items} />
      {mismatch ? null : (
        <p className="text-sm text-slate-700">
          Store the key file and the backup password separately and safely: anyone with both can restore the keys, and
          without the password the file is of no use.
        </p>
      )}
    </div>
  );
}
