import { DescriptionList, type DescriptionItem } from "@/components/ui/description-list";
import { UtcTime } from "@/components/ui/utc-time";
import type { BackupItem } from "@/lib/schemas/backup";

function arrayText(item: BackupItem): string | null {
  const parts = [
    item.model,
    item.serialNumber === null ? null : `serial ${item.serialNumber}`,
    item.microcode === null ? null : `microcode ${item.microcode}`,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(", ") : null;
}

/** What a history row folds away: a failure's code and message first, then the rest of the record. */
export function BackupDetail({ item }: { item: BackupItem }) {
  const items: DescriptionItem[] = [];
  if (item.error) {
    items.push(
      { term: "Error code", description: <code className="font-mono text-xs">{item.error.code}</code> },
      { term: "Error message", description: <span className="whitespace-pre-line">{item.error.message}</span> },
    );
  }
  items.push(
    { term: "Finished", description: item.finishedAt ? <UtcTime iso={item.finishedAt} seconds /> : "Not yet" },
    { term: "Storage user", description: item.storageUsername ?? "Not recorded" },
    { term: "Array", description: arrayText(item) ?? "Not reported" },
  );
  if (item.sha256) {
    items.push({ term: "SHA-256", description: <code className="font-mono text-xs break-all">{item.sha256}</code> });
  }
  items.push({ term: "Backup id", description: <code className="font-mono text-xs break-all">{item.id}</code> });
  return <DescriptionList items={items} />;
}
