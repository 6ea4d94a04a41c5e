import type { ReactNode } from "react";

/**
 * A table's column headers (`<th scope="col">`), one per name, in a header row's cells.
 * `lastClassName` styles the last one where it differs (e.g. no trailing padding).
 */
export function ColumnHeaders({
  columns,
  className,
  lastClassName = className,
}: {
  columns: readonly string[];
  className: string;
  lastClassName?: string;
}) {
  return columns.map((column, index) => (
    <th key={column} scope="col" className={index === columns.length - 1 ? lastClassName : className}>
      {column}
    </th>
  ));
}

/**
 * A bordered table, named by the heading `labelledBy`, that scrolls sideways when narrow. With
 * `regionLabel` it sits in a focusable region of that name, so that keyboard users can scroll it
 * too; `maxHeight` (with a region) lets it scroll down as well, its header kept in view.
 */
export function LabelledTable({
  labelledBy,
  columns,
  headerClassName,
  regionLabel,
  maxHeight = false,
  children,
}: {
  labelledBy: string;
  columns: readonly string[];
  headerClassName: string;
  regionLabel?: string;
  maxHeight?: boolean;
  /** The body's rows. */
  children: ReactNode;
}) {
  // `relative`: the scroller is the containing block of what is absolutely placed in a cell (an
  // sr-only span), which would otherwise escape it and widen the page at 320 px.
  const scroll = maxHeight ? "relative max-h-96 overflow-auto" : "relative overflow-x-auto";
  const region = regionLabel ? { role: "region", "aria-label": regionLabel, tabIndex: 0 } : {};
  return (
    <div
      {...region}
      className={
        regionLabel
          ? `${scroll} rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-600`
          : `${scroll} rounded-lg border border-slate-200 bg-white`
      }
    >
      <table aria-labelledby={labelledBy} className="w-full text-left text-sm">
        <thead className={maxHeight ? "sticky top-0 bg-slate-50 text-slate-600" : "bg-slate-50 text-slate-600"}>
          <tr>
            <ColumnHeaders columns={columns} className={headerClassName} />
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
