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

/** A bordered table, named by the heading `labelledBy`, that scrolls sideways when narrow. */
export function LabelledTable({
  labelledBy,
  columns,
  headerClassName,
  children,
}: {
  labelledBy: string;
  columns: readonly string[];
  headerClassName: string;
  /** The body's rows. */
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table aria-labelledby={labelledBy} className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <ColumnHeaders columns={columns} className={headerClassName} />
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
