const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/**
 * How long ago `iso` was at `now`, in whole units rounded down: "just now" (under a minute, or a
 * time slightly ahead of this clock), "5 minutes ago", "3 hours ago", "1 day ago", "12 days ago".
 * Days past the first are what a backup interval is counted in, so longer ages stay in days.
 */
export function formatAge(iso: string, now: Date | number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "at an unknown time";
  const elapsed = (typeof now === "number" ? now : now.getTime()) - then;
  if (elapsed < MINUTE_MS) return "just now";
  if (elapsed < HOUR_MS) return `${plural(Math.floor(elapsed / MINUTE_MS), "minute")} ago`;
  if (elapsed < DAY_MS) return `${plural(Math.floor(elapsed / HOUR_MS), "hour")} ago`;
  return `${plural(Math.floor(elapsed / DAY_MS), "day")} ago`;
}

/** "Backups are due every 30 days." (or "every day" for an interval of one). */
export function intervalText(days: number): string {
  return days === 1 ? "Backups are due every day." : `Backups are due every ${days} days.`;
}
