import type { AuditItem } from "@/lib/schemas/audit";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Nested objects become dotted keys (`trust.kind`), which read better in a narrow cell than JSON. */
function flatten(detail: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(detail).flatMap(([key, value]) =>
    isRecord(value) && Object.keys(value).length > 0
      ? flatten(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** An event's details as key: value lines. */
export function AuditDetail({ detail }: { detail: AuditItem["detail"] }) {
  const entries = flatten(detail ?? {});
  if (entries.length === 0) return <span className="text-slate-600">None</span>;
  return (
    // Wraps at spaces, and breaks a long token (a checksum, a URL) only where it must; the widths
    // keep the column readable when the table is narrow.
    <dl className="flex max-w-md min-w-56 flex-col gap-0.5 font-mono text-xs wrap-anywhere">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt className="inline text-slate-600">{key}: </dt>
          <dd className="inline">{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
