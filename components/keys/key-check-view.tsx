import { useId } from "react";

import { DescriptionList } from "@/components/ui/description-list";
import { LabelledTable } from "@/components/ui/table-parts";
import { UtcTime } from "@/components/ui/utc-time";
import type { CheckedKey, KeyCheck } from "@/lib/schemas/key-check";

import { backupsText, keyCheckSummary, keysText, truncationText } from "./key-check-text";

const COLUMNS = ["Key ID", "Type", "Created (UTC)", "Backups"];

function Muted({ children }: { children: string }) {
  return <span className="text-slate-600">{children}</span>;
}

function NotBackedUpTable({ keys, labelledBy }: { keys: readonly CheckedKey[]; labelledBy: string }) {
  return (
    <LabelledTable
      regionLabel="Keys not backed up table"
      labelledBy={labelledBy}
      columns={COLUMNS}
      headerClassName="px-3 py-2 font-medium whitespace-nowrap"
      maxHeight
    >
      {keys.map((key) => (
        <tr key={`${key.keyType}-${key.keyId}`} className="border-t border-slate-200">
          <th scope="row" className="px-3 py-2 font-mono text-xs font-medium">
            {key.keyId}
          </th>
          <td className="px-3 py-2">{key.keyType}</td>
          <td className="px-3 py-2 whitespace-nowrap">
            {key.createdTime ? <UtcTime iso={key.createdTime} seconds /> : <Muted>Not reported</Muted>}
          </td>
          <td className="px-3 py-2 tabular-nums">{backupsText(key)}</td>
        </tr>
      ))}
    </LabelledTable>
  );
}

/** The latest snapshot of a system's encryption keys, and the keys it found not backed up. */
export function KeyCheckView({ keyCheck }: { keyCheck: KeyCheck | null }) {
  const tableHeadingId = useId();
  if (!keyCheck) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-6 text-center text-slate-700">
        No key check yet.
      </p>
    );
  }
  const truncated = truncationText(keyCheck);
  return (
    <div className="flex flex-col gap-4">
      <p className={keyCheck.notBackedUpCount > 0 ? "font-medium text-amber-900" : "text-slate-900"}>
        {keyCheckSummary(keyCheck)}
      </p>
      <DescriptionList
        items={[
          { term: "Checked", description: <UtcTime iso={keyCheck.at} /> },
          { term: "Checked by", description: keyCheck.username },
          { term: "Keys", description: keysText(keyCheck.keyCount) },
          {
            term: "Newest key created",
            description: keyCheck.newestKeyCreatedAt ? (
              <UtcTime iso={keyCheck.newestKeyCreatedAt} />
            ) : (
              <Muted>Not reported</Muted>
            ),
          },
          {
            term: "Compared with the backup of",
            description: keyCheck.lastSuccessAt ? (
              <UtcTime iso={keyCheck.lastSuccessAt} />
            ) : (
              <Muted>No successful backup at the time</Muted>
            ),
          },
          { term: "Not backed up", description: keysText(keyCheck.notBackedUpCount) },
        ]}
      />
      {keyCheck.notBackedUp.length > 0 ? (
        <div className="flex flex-col gap-2">
          <h4 id={tableHeadingId} className="font-semibold">
            Keys not backed up
          </h4>
          {truncated ? <p className="text-sm text-slate-700">{truncated}</p> : null}
          <NotBackedUpTable keys={keyCheck.notBackedUp} labelledBy={tableHeadingId} />
        </div>
      ) : null}
    </div>
  );
}
