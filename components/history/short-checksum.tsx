import { Checksum } from "@/components/ui/checksum";

/** The first characters of a checksum; the full value (and a copy button) one click away. */
export function ShortChecksum({ value }: { value: string }) {
  return (
    <details className="group max-w-[16rem]">
      <summary title={value} className="cursor-pointer font-mono text-xs whitespace-nowrap">
        {value.slice(0, 12)}…<span className="sr-only"> (show the full SHA-256)</span>
      </summary>
      <div className="mt-2">
        <Checksum value={value} />
      </div>
    </details>
  );
}
