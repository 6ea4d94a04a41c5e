import type { ReactNode } from "react";

import type { BackupItem } from "@/lib/schemas/backup";

import { backupCheck } from "./history-format";
import { LocalTime } from "./local-time";

/**
 * Whether the browser that received a backup checked it: verified in the browser (and when), a
 * mismatch, or downloaded but never checked (a script, or a browser that could not hash it).
 */
export function BackupCheckCell({ item, none }: { item: BackupItem; none: ReactNode }) {
  const check = backupCheck(item);
  if (check === "none") return none;
  if (check === "not-verified") {
    return (
      <span className="text-slate-700" title="No browser reported this file's SHA-256 to the portal.">
        Downloaded, not verified
      </span>
    );
  }
  const verified = check === "verified";
  return (
    <span className="flex flex-col gap-0.5">
      <span className={verified ? "font-medium text-green-800" : "font-medium text-red-800"}>
        <span aria-hidden="true">{verified ? "✓ " : "✕ "}</span>
        {verified ? "Verified in the browser" : "Checksum mismatch"}
      </span>
      {item.verifiedAt ? (
        <span className="text-xs text-slate-600">
          <span className="sr-only">{verified ? "at " : "reported at "}</span>
          <LocalTime iso={item.verifiedAt} />
        </span>
      ) : null}
    </span>
  );
}
