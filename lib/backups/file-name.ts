import "server-only";

const MAX_NAME_PART = 100;

/** `20260501T100000Z`: sorts by time and has no character a file system refuses. */
function compactUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * Letters (any script), digits, `-`, `_` and `.` stay; everything else, path separators and
 * control characters included, becomes `_`. NFC first, so an accented letter typed either way
 * stays one letter.
 */
export function safeFileNamePart(text: string): string {
  const safe = [...text.normalize("NFC")].map((char) => (/^[\p{L}\p{N}._-]$/u.test(char) ? char : "_")).join("");
  // A leading dot would hide the file on Unix-like systems.
  return safe.replace(/^\.+/, (dots) => "_".repeat(dots.length)).slice(0, MAX_NAME_PART) || "storage";
}

/** The first 8 letters and digits of the backup's id (a UUID: 32 random bits), lower-cased. */
function shortId(backupId: string): string {
  return (
    backupId
      .replace(/[^0-9A-Za-z]/g, "")
      .slice(0, 8)
      .toLowerCase() || "backup"
  );
}

/**
 * `<system name>_<serial>_<UTC yyyymmddThhmmssZ>_<short backup id>.ekf`, the extension operators
 * save key files with. The short id keeps two backups started in the same second apart, and ties
 * a saved file to its row in the history.
 */
export function backupFileName(
  systemName: string,
  serialNumber: number | null | undefined,
  backup: { startedAt: Date; backupId: string },
): string {
  const serial = serialNumber === null || serialNumber === undefined ? "unknown" : String(serialNumber);
  return `${safeFileNamePart(systemName)}_${serial}_${compactUtc(backup.startedAt)}_${shortId(backup.backupId)}.ekf`;
}

// RFC 8187 attr-char: what may stay unescaped in filename*; encodeURIComponent leaves a few more.
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name itself>`: browsers that
 * read filename* get the name with its non-ASCII letters, others get `_` in their place.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.normalize("NFC").replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(fileName.normalize("NFC"))}`;
}
