import Link from "next/link";

import { LabelledTable } from "@/components/ui/table-parts";
import type { SystemView } from "@/lib/schemas/system";

import { KeyBackupStatus } from "./key-backup-refusal";
import { TrustSummary } from "./trust-summary";

const COLUMNS = ["Name", "Model and serial", "Microcode", "Key backup", "Certificate trust", "Base URL"];

function NotKnown() {
  return (
    <span className="font-sans text-sm text-slate-600">
      <span aria-hidden="true">—</span>
      <span className="sr-only">Not known</span>
    </span>
  );
}

/** The registered (active) systems, one row each; the name leads to the system's page. */
export function SystemsTable({
  systems,
  labelledBy,
}: {
  systems: readonly SystemView[];
  /** Id of the heading that names the table. */ labelledBy: string;
}) {
  return (
    <LabelledTable labelledBy={labelledBy} columns={COLUMNS} headerClassName="px-4 py-2 font-medium">
      {systems.map((system) => (
        <tr key={system.id} className="border-t border-slate-200 align-top">
          {/* A minimum width: narrow, the table scrolls in its box rather than stack a name word by word. */}
          <th scope="row" className="min-w-40 px-4 py-3 font-medium">
            <Link
              href={`/systems/${system.id}`}
              className="rounded-sm underline underline-offset-4 hover:text-slate-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            >
              {system.name}
            </Link>
          </th>
          <td className="px-4 py-3">
            {system.identity ? (
              `${system.identity.model}, serial ${system.identity.serialNumber}`
            ) : (
              <span className="text-slate-600">Not tested yet</span>
            )}
          </td>
          <td className="px-4 py-3 font-mono text-xs whitespace-nowrap">
            {system.identity?.microcode ?? <NotKnown />}
          </td>
          <td className="px-4 py-3">
            <KeyBackupStatus refusal={system.keyBackupRefusal} />
          </td>
          <td className="px-4 py-3">
            <TrustSummary trust={system.trust} />
          </td>
          <td className="px-4 py-3 font-mono text-xs break-all">{system.baseUrl}</td>
        </tr>
      ))}
    </LabelledTable>
  );
}
