import { CopyButton } from "@/components/ui/copy-button";

/** A SHA-256 checksum in full, wrapped, with a button that copies it. */
export function Checksum({ value }: { value: string }) {
  return (
    <span className="flex flex-col items-start gap-2">
      <code className="font-mono text-xs break-all">{value}</code>
      <CopyButton text={value}>Copy checksum</CopyButton>
    </span>
  );
}
