import Link from "next/link";

import { LabelledTable } from "@/components/ui/table-parts";
import { UtcTime } from "@/components/ui/utc-time";
import type { FleetSystem } from "@/lib/schemas/fleet";

import { FleetStatusBadge } from "./fleet-status-badge";
import { formatAge } from "./format-age";

const COLUMNS = ["Name", "Status", "Last successful backup", "Latest key check", "Model and serial", "Microcode"];

function Muted({ children }: { children: string }) {
  return <span className="text-slate-600">{children}</span>;
}

function NotKnown() {
  return (
    <span className="text-slate-600">
      <span aria-hidden="true">—</span>
      <span className="sr-only">Not known</span>
    </span>
  );
}

function LastSuccess({ lastSuccess, now }: { lastSuccess: FleetSystem["lastSuccess"]; now: number }) {
  if (!lastSuccess) return <Muted>None</Muted>;
  return (
    <span className="flex flex-col gap-0.5">
      <span className="font-medium text-slate-900">{formatAge(lastSuccess.at, now)}</span>
      <span className="text-slate-700">
        <UtcTime iso={lastSuccess.at} /> by {lastSuccess.username}
      </span>
    </span>
  );
}

function KeyCheckSummary({ keyCheck, now }: { keyCheck: FleetSystem["keyCheck"]; now: number }) {
  if (!keyCheck) return <Muted>No key check yet</Muted>;
  const keys = `${keyCheck.keyCount} ${keyCheck.keyCount === 1 ? "key" : "keys"}`;
  return (
    <span className="flex flex-col gap-0.5">
      <span className={keyCheck.notBackedUp > 0 ? "font-medium text-amber-900" : "text-slate-900"}>
        {keys}, {keyCheck.notBackedUp} not backed up
      </span>
      <span className="text-slate-700">
        <UtcTime iso={keyCheck.at} /> ({formatAge(keyCheck.at, now)})
      </span>
    </span>
  );
}

function ModelAndSerial({ system }: { system: FleetSystem }) {
  if (system.model === null && system.serialNumber === null) return <Muted>Not tested yet</Muted>;
  return (
    <span className="flex flex-col gap-0.5">
      <span>{system.model ?? <NotKnown />}</span>
      <span className="text-slate-700">serial {system.serialNumber ?? <NotKnown />}</span>
    </span>
  );
}

/**
 * The fleet, one row per system, in the order given (the server's: attention first). The name
 * leads to the system's page. Ages are counted from `now`, the instant the statuses were worked
 * out at. Focusable when it scrolls sideways, so the keyboard can scroll it too.
 */
export function FleetTable({
  systems,
  labelledBy,
  now,
}: {
  systems: readonly FleetSystem[];
  /** Id of the heading that names the table. */
  labelledBy: string;
  now: number;
}) {
  return (
    <LabelledTable
      regionLabel="Fleet table"
      labelledBy={labelledBy}
      columns={COLUMNS}
      headerClassName="px-4 py-2 font-medium whitespace-nowrap"
    >
      {systems.map((system) => (
        <tr key={system.id} className="border-t border-slate-200 align-top">
          {/* A minimum width: narrow, the table scrolls in its box rather than stack a name word by word. */}
          <th scope="row" className="min-w-40 px-4 py-3 font-medium">
            <Link
              href={`/systems/${encodeURIComponent(system.id)}`}
              className="rounded-sm underline underline-offset-4 hover:text-slate-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            >
              {system.name}
            </Link>
          </th>
          <td className="px-4 py-3 whitespace-nowrap">
            <FleetStatusBadge status={system.status} />
          </td>
          <td className="px-4 py-3">
            <LastSuccess lastSuccess={system.lastSuccess} now={now} />
          </td>
          <td className="px-4 py-3">
            <KeyCheckSummary keyCheck={system.keyCheck} now={now} />
          </td>
          <td className="px-4 py-3">
            <ModelAndSerial system={system} />
          </td>
          <td className="px-4 py-3 font-mono text-xs whitespace-nowrap">{system.microcode ?? <NotKnown />}</td>
        </tr>
      ))}
    </LabelledTable>
  );
}
