import type { BackupItem } from "@/lib/schemas/backup";

/** "850 ms", "12.3 s", "2 min 05 s": how long a backup took. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

/** An instant in the reader's own time zone (or `timeZone`), with the zone named: "05/01/2026, 12:00:00 GMT+2". */
export function formatLocal(iso: string, options: { locale?: string; timeZone?: string } = {}): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time).toLocaleString(options.locale, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
    timeZone: options.timeZone,
  });
}

/** The hover text of a time: the exact UTC instant. */
export function utcTitle(iso: string): string {
  return `${iso.replace("T", " ").replace(/\.\d{3}Z$/, "Z")} (UTC)`;
}

/** What the history says of a browser's check of the file: only a succeeded backup has one to check. */
export type BackupCheck = "verified" | "mismatch" | "not-verified" | "none";

export function backupCheck(item: Pick<BackupItem, "status" | "verification">): BackupCheck {
  if (item.verification === "verified") return "verified";
  if (item.verification === "mismatch") return "mismatch";
  // Downloaded (the portal streamed it whole) but no browser reported its SHA-256: a script, say.
  return item.status === "succeeded" ? "not-verified" : "none";
}
