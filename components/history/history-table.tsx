import type { ReactNode } from "react";

import { ColumnHeaders } from "@/components/ui/table-parts";

/**
 * The history's columns and their widths. A fixed layout, so a long file name or error can never
 * widen the table: at 1280 px and up the portal's main column leaves it 66¼ rem (1060 px), the
 * fixed columns take 52 of them and the file name (which breaks anywhere) the rest, 14¼ rem. A
 * failure's code and message, the array and the full SHA-256 are in each row's detail row.
 */
const COLUMNS = [
  { name: "Started", width: "w-36" },
  { name: "User", width: "w-30" },
  { name: "Status", width: "w-30" },
  { name: "Browser check", width: "w-34" },
  { name: "Duration", width: "w-22" },
  { name: "Size", width: "w-24" },
  { name: "File name", width: "" },
  { name: "SHA-256", width: "w-32" },
] as const;

export const HISTORY_COLUMN_COUNT = COLUMNS.length;

/**
 * The history table in a focusable region of its own (keyboard users can scroll it): it fits
 * without scrolling sideways from about 60 rem, and scrolls inside its box below that.
 */
export function HistoryTable({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label="Backup history table"
      tabIndex={0}
      // `relative`: the containing block of the sr-only spans in cells, which must not widen the page.
      className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-600"
    >
      <table aria-labelledby={labelledBy} className="w-full min-w-[60rem] table-fixed text-left text-sm">
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column.name} className={column.width || undefined} />
          ))}
        </colgroup>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <ColumnHeaders columns={COLUMNS.map((column) => column.name)} className="px-3 py-2 font-medium" />
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
