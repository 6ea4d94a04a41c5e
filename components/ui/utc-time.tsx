/** "2026-03-05 14:02 UTC" (seconds too when asked): the same on server and browser, whatever their zone. */
export function formatUtc(iso: string, options: { seconds?: boolean } = {}): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time)
    .toISOString()
    .slice(0, options.seconds ? 19 : 16)
    .replace("T", " ")} UTC`;
}

/** A timestamp shown in UTC, with the exact instant in the element for copying and tools. */
export function UtcTime({ iso, seconds = false }: { iso: string; seconds?: boolean }) {
  return <time dateTime={iso}>{formatUtc(iso, { seconds })}</time>;
}
