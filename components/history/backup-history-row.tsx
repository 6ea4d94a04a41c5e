import { formatBytes } from "@/components/ui/format";
import type { BackupItem } from "@/lib/schemas/backup";

import { BackupStatusBadge } from "./backup-status-badge";
import { formatDuration } from "./history-format";
import { LocalTime } from "./local-time";
import { ShortChecksum } from "./short-checksum";

const NONE = (
  <span className="text-slate-500">
    <span aria-hidden="true">—</span>
    <span className="sr-only">none</span>
  </span>
);

function Size({ item }: { item: BackupItem }) {
  if (item.bytes === null) return NONE;
  const text = formatBytes(item.bytes);
  return (
    <span title={`${item.bytes.toLocaleString("en")} bytes`} className="whitespace-nowrap">
      {item.status === "succeeded" ? text : `${text} received`}
    </span>
  );
}

function SerialMicrocode({ item }: { item: BackupItem }) {
  if (item.serialNumber === null && item.microcode === null) return NONE;
  return (
    <span className="flex flex-col">
      <span>{item.serialNumber ?? "—"}</span>
      {item.microcode ? <span className="font-mono text-xs text-slate-600">{item.microcode}</span> : null}
    </span>
  );
}

/** One backup in the history table. */
export function BackupHistoryRow({ item }: { item: BackupItem }) {
  return (
    <tr className="border-t border-slate-200 align-top">
      <td className="px-3 py-2 whitespace-nowrap">
        <LocalTime iso={item.startedAt} />
      </td>
      <td className="px-3 py-2">{item.username}</td>
      <td className="px-3 py-2">
        <BackupStatusBadge status={item.status} />
      </td>
      <td className="px-3 py-2">
        <Size item={item} />
      </td>
      <td className="min-w-48 px-3 py-2">
        {item.fileName ? <span className="font-mono text-xs break-all">{item.fileName}</span> : NONE}
      </td>
      <td className="px-3 py-2">
        {item.sha256 ? (
          <ShortChecksum value={item.sha256} copyLabel={`Copy the SHA-256 of the backup started ${item.startedAt}`} />
        ) : (
          NONE
        )}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        {item.durationMs === null ? NONE : formatDuration(item.durationMs)}
      </td>
      <td className="px-3 py-2">
        <SerialMicrocode item={item} />
      </td>
      <td className="min-w-64 px-3 py-2">
        {item.error ? (
          <span className="flex max-w-sm flex-col gap-0.5">
            <span className="font-mono text-xs">{item.error.code}</span>
            <span className="text-slate-800">{item.error.message}</span>
          </span>
        ) : (
          NONE
        )}
      </td>
    </tr>
  );
}
