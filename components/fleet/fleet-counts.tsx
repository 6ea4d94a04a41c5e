import Link from "next/link";

import { cn } from "@/components/ui/cn";
import { FLEET_STATUS_LABELS, FLEET_STATUSES, type FleetResponse, type FleetStatus } from "@/lib/schemas/fleet";

import { fleetHref } from "./fleet-filter";

const DOT: Record<FleetStatus | "all", string> = {
  all: "bg-slate-400",
  refused: "bg-red-600",
  never: "bg-red-600",
  "keys-not-backed-up": "bg-amber-500",
  overdue: "bg-amber-500",
  "up-to-date": "bg-green-600",
};

function CountLink({
  href,
  label,
  count,
  current,
  dot,
}: {
  href: string;
  label: string;
  count: number;
  current: boolean;
  dot: string;
}) {
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={cn(
        "flex h-full flex-col gap-1 rounded-lg border bg-white px-4 py-3 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600",
        current ? "border-slate-900 ring-1 ring-slate-900" : "border-slate-200 hover:border-slate-400",
      )}
    >
      <span className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <span aria-hidden="true" className={cn("size-2 shrink-0 rounded-full", dot)} />
        {label}
        {/* The link's name reads "Overdue: 2", not "Overdue2". */}
        <span className="sr-only">: </span>
      </span>
      <span className="text-2xl font-semibold text-slate-900 tabular-nums">{count}</span>
    </Link>
  );
}

/**
 * How many systems are in each status, attention first; each count is a link that filters the
 * table to it (`/?status=...`), "All systems" clears the filter. The current one is marked.
 */
export function FleetCounts({
  counts,
  total,
  current,
}: {
  counts: FleetResponse["counts"];
  total: number;
  current: FleetStatus | undefined;
}) {
  return (
    <nav aria-label="Filter by status">
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <li>
          <CountLink
            href={fleetHref()}
            label="All systems"
            count={total}
            current={current === undefined}
            dot={DOT.all}
          />
        </li>
        {FLEET_STATUSES.map((status) => (
          <li key={status}>
            <CountLink
              href={fleetHref(status)}
              label={FLEET_STATUS_LABELS[status]}
              count={counts[status] ?? 0}
              current={current === status}
              dot={DOT[status]}
            />
          </li>
        ))}
      </ul>
    </nav>
  );
}
