import { CopyButton } from "@/components/ui/copy-button";

/** The first characters of a checksum (the full value on hover) and a button that copies it whole. */
export function ShortChecksum({ value, copyLabel }: { value: string; copyLabel: string }) {
  return (
    <span className="flex flex-col items-start gap-1">
      <code title={value} className="font-mono text-xs whitespace-nowrap">
        {value.slice(0, 12)}…
      </code>
      <CopyButton text={value} aria-label={copyLabel}>
        Copy
      </CopyButton>
    </span>
  );
}
