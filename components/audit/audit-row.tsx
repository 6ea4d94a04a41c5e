import Link from "next/link";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { UtcTime } from "@/components/ui/utc-time";
import type { AuditItem } from "@/lib/schemas/audit";

import { auditActionLabel, hasOwnOutcome } from "./audit-actions";
import { AuditDetail } from "./audit-detail";

const OUTCOMES: Record<AuditItem["outcome"], { label: string; tone: BadgeTone }> = {
  success: { label: "Success", tone: "success" },
  failure: { label: "Failure", tone: "danger" },
  denied: { label: "Denied", tone: "warning" },
};

function Target({ target }: { target: AuditItem["target"] }) {
  if (!target) return <span className="text-slate-600">None</span>;
  const name = target.label ?? target.id ?? "(unnamed)";
  const kind = target.type.charAt(0).toUpperCase() + target.type.slice(1);
  return (
    <span>
      <span className="text-slate-600">{kind}: </span>
      {target.type === "system" && target.id ? (
        <Link href={`/systems/${target.id}`} className="underline underline-offset-4">
          {name}
        </Link>
      ) : (
        name
      )}
    </span>
  );
}

const none = <span className="text-slate-600">None</span>;

/** One audit event. Focusable (tabIndex -1) so "Load more" can move focus to the first new one. */
export function AuditRow({ item }: { item: AuditItem }) {
  const outcome = OUTCOMES[item.outcome];
  return (
    <tr
      id={`audit-${item.id}`}
      tabIndex={-1}
      className="border-t border-slate-200 align-top focus-visible:outline-2 focus-visible:outline-blue-600"
    >
      <td className="px-3 py-2 whitespace-nowrap">
        <UtcTime iso={item.at} seconds />
      </td>
      <td className="px-3 py-2">{item.actor ?? none}</td>
      <td className="px-3 py-2 font-mono text-xs">{item.clientIp ?? none}</td>
      <td className="px-3 py-2 font-medium">{auditActionLabel(item.action)}</td>
      <td className="px-3 py-2">
        <Target target={item.target} />
      </td>
      <td className="px-3 py-2">
        {hasOwnOutcome(item.action) ? (
          <Badge tone={outcome.tone}>{outcome.label}</Badge>
        ) : (
          // A backup's start is no outcome: whether it worked is the event of its end.
          <span className="text-slate-600">
            Recorded<span className="sr-only">; the outcome is the event of its end</span>
          </span>
        )}
      </td>
      <td className="px-3 py-2">
        <AuditDetail detail={item.detail} />
      </td>
    </tr>
  );
}
