import { Badge } from "@/components/ui/badge";

/** Whether the microcode read at the last connection test supports key backup, in words. */
export function KeyBackupBadge({ supported }: { supported: boolean | null }) {
  if (supported === null) return <Badge tone="neutral">Unknown</Badge>;
  return supported ? <Badge tone="success">Yes</Badge> : <Badge tone="warning">No</Badge>;
}
