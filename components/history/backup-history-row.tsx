"use client";

import { useId, useState } from "react";

import { formatBytes } from "@/components/ui/format";
import type { BackupItem } from "@/lib/schemas/backup";

import { BackupCheckCell } from "./backup-check";
import { BackupDetail } from "./backup-detail";
import { BackupStatusBadge } from "./backup-status-badge";
import { formatDuration, utcTitle } from "./history-format";
import { HISTORY_COLUMN_COUNT } from "./history-table";
import { LocalTime } from "./local-time";
import { ShortChecksum } from "./short-checksum";

const NONE = (
  <span className="text-slate-500">
    <span aria-hidden="true">—</span>
    <span className="sr-only">none</span>
  </span>
);

const CELL = "px-3 py-2";

function Size({ item }: { item: BackupItem }) {
  if (item.bytes === null) return NONE;
  const text = formatBytes(item.bytes);
  return (
    <span title={`${item.bytes.toLocaleString("en")} bytes`}>
      {item.status === "succeeded" ? text : `${text} received`}
    </span>
  );
}

function User({ item }: { item: BackupItem }) {
  return (
    <span className="flex flex-col break-words">
      <span>{item.username}</span>
      {item.storageUsername ? (
        <span className="text-xs text-slate-600">
          <span aria-hidden="true">as </span>
          <span className="sr-only">storage user </span>
          {item.storageUsername}
        </span>
      ) : null}
    </span>
  );
}

/**
 * One backup in the history table, and below it a full-width row with what does not fit (a
 * failure's code and message first), opened and closed by the Details button in the Status cell.
 */
export function BackupHistoryRow({ item }: { item: BackupItem }) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const started = utcTitle(item.startedAt);
  const label = item.error ? "Error details" : "Details";
  return (
    <>
      <tr className="border-t border-slate-200 align-top">
        <td className={CELL}>
          <LocalTime iso={item.startedAt} />
        </td>
        <td className={CELL}>
          <User item={item} />
        </td>
        <td className={CELL}>
          <span className="flex flex-col items-start gap-1.5">
            <BackupStatusBadge status={item.status} />
            <button
              type="button"
              aria-expanded={open}
              aria-controls={detailId}
              aria-label={`${label} of the backup started ${started}`}
              onClick={() => setOpen((value) => !value)}
              className="inline-flex items-center gap-1 rounded text-xs font-medium text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            >
              <span aria-hidden="true">{open ? "▾" : "▸"}</span>
              {label}
            </button>
          </span>
        </td>
        <td className={CELL}>
          <BackupCheckCell item={item} none={NONE} />
        </td>
        <td className={CELL}>{item.durationMs === null ? NONE : formatDuration(item.durationMs)}</td>
        <td className={CELL}>
          <Size item={item} />
        </td>
        <td className={CELL}>
          {item.fileName ? <span className="font-mono text-xs break-all">{item.fileName}</span> : NONE}
        </td>
        <td className={CELL}>
          {item.sha256 ? (
            <ShortChecksum value={item.sha256} copyLabel={`Copy the SHA-256 of the backup started ${started}`} />
          ) : (
            NONE
          )}
        </td>
      </tr>
      <tr id={detailId} hidden={!open} className="bg-slate-50">
        <td colSpan={HISTORY_COLUMN_COUNT} className="px-3 pt-1 pb-3">
          <BackupDetail item={item} />
        </td>
      </tr>
    </>
  );
}
