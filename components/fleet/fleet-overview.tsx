import Link from "next/link";

import { LinkButton } from "@/components/ui/link-button";
import { FLEET_STATUS_LABELS, type FleetResponse, type FleetStatus } from "@/lib/schemas/fleet";

import { FleetCounts } from "./fleet-counts";
import { fleetHref, systemsText } from "./fleet-filter";
import { FleetTable } from "./fleet-table";
import { intervalText } from "./format-age";

const TABLE_HEADING_ID = "fleet-table-heading";
const LINK = "font-medium underline underline-offset-4 hover:text-slate-600";

function EmptyBox({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      {children}
    </div>
  );
}

/** No system is registered at all: say so, and where to go next. */
function EmptyFleet({ isAdmin }: { isAdmin: boolean }) {
  return (
    <EmptyBox>
      <p className="font-medium">No storage systems are registered yet.</p>
      {isAdmin ? (
        <>
          <p className="text-slate-700">Register one; its backup status shows here from then on.</p>
          <LinkButton href="/systems/new">Register a storage system</LinkButton>
        </>
      ) : (
        <p className="text-slate-700">
          Ask an admin of this portal to register the storage systems you need, or see the{" "}
          <Link href="/systems" className={LINK}>
            storage systems page
          </Link>
          .
        </p>
      )}
    </EmptyBox>
  );
}

/**
 * The fleet overview: the backup interval, how many systems are in each status (each a filter
 * link), and the systems in the server's order (attention first), narrowed to `status` if set.
 */
export function FleetOverview({
  fleet,
  status,
  isAdmin,
  now,
}: {
  fleet: FleetResponse;
  /** The filter from the URL; undefined shows every system. */
  status: FleetStatus | undefined;
  isAdmin: boolean;
  /** The instant the fleet's statuses were worked out at, for the ages shown. */
  now: number;
}) {
  const total = fleet.systems.length;
  const shown = status === undefined ? fleet.systems : fleet.systems.filter((system) => system.status === status);

  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Fleet</h1>
        <p className="mt-1 text-slate-700">
          {intervalText(fleet.intervalDays)}{" "}
          {isAdmin ? (
            <Link href="/settings" className={LINK}>
              Change the interval in Settings
            </Link>
          ) : (
            "A system with no successful backup for longer is overdue."
          )}
        </p>
      </div>

      {total === 0 ? (
        <EmptyFleet isAdmin={isAdmin} />
      ) : (
        <>
          <FleetCounts counts={fleet.counts} total={total} current={status} />
          <div className="flex flex-col gap-3">
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <h2 id={TABLE_HEADING_ID} className="text-lg font-semibold">
                Storage systems by backup status
              </h2>
              <p className="text-sm text-slate-700">
                {status === undefined ? (
                  `${systemsText(total)}, those needing attention first.`
                ) : (
                  <>
                    Showing {shown.length} of {systemsText(total)}: {FLEET_STATUS_LABELS[status]}.{" "}
                    <Link href={fleetHref()} className={LINK}>
                      Show all systems
                    </Link>
                  </>
                )}
              </p>
            </div>
            {shown.length > 0 ? (
              <FleetTable systems={shown} labelledBy={TABLE_HEADING_ID} now={now} />
            ) : (
              <EmptyBox>
                <p className="font-medium">No system is “{FLEET_STATUS_LABELS[status ?? "up-to-date"]}” now.</p>
              </EmptyBox>
            )}
          </div>
        </>
      )}
    </>
  );
}
