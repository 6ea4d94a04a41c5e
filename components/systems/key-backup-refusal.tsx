import { Badge } from "@/components/ui/badge";
import { formatUtc } from "@/components/ui/utc-time";
import type { SystemView } from "@/lib/schemas/system";

type Refusal = NonNullable<SystemView["keyBackupRefusal"]>;

/** "The array refused key backup on 2026-03-05 14:02 UTC (microcode 88-06-02-00/00)". */
export function refusalText(refusal: Refusal): string {
  const microcode = refusal.microcode ? ` (microcode ${refusal.microcode})` : "";
  return `The array refused key backup on ${formatUtc(refusal.at)}${microcode}`;
}

/**
 * What the portal knows about key backup on this system: only what the array answered. A refusal
 * (412) stands until a backup succeeds or a connection test sees other microcode.
 */
export function KeyBackupStatus({ refusal }: { refusal: SystemView["keyBackupRefusal"] }) {
  if (refusal === null) return <span className="text-slate-600">No refusal recorded</span>;
  return (
    <span className="flex flex-col items-start gap-1">
      <Badge tone="warning">Refused by the array</Badge>
      <span className="text-slate-700">{refusalText(refusal)}.</span>
    </span>
  );
}
