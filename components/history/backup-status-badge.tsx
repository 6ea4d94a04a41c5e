import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { BackupStatusValue } from "@/lib/schemas/backup";

const STATUS: Record<BackupStatusValue, { label: string; tone: BadgeTone; mark: string }> = {
  succeeded: { label: "Succeeded", tone: "success", mark: "✓" },
  failed: { label: "Failed", tone: "danger", mark: "✕" },
  cancelled: { label: "Cancelled", tone: "neutral", mark: "–" },
  running: { label: "Running", tone: "warning", mark: "…" },
  interrupted: { label: "Interrupted", tone: "danger", mark: "!" },
};

export function backupStatusLabel(status: BackupStatusValue): string {
  return STATUS[status].label;
}

/** A backup's status as a word in a badge; the mark and colour only repeat it. */
export function BackupStatusBadge({ status }: { status: BackupStatusValue }) {
  const { label, tone, mark } = STATUS[status];
  return (
    <Badge tone={tone} className="gap-1 whitespace-nowrap">
      <span aria-hidden="true">{mark}</span>
      {label}
    </Badge>
  );
}
