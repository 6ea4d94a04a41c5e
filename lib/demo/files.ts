import { chmodSync, closeSync, openSync, readFileSync, writeFileSync } from "node:fs";

/** Writes `text` to a file only its owner can read (0600), whatever the umask or an inherited ACL. */
export function writeOwnerOnly(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Opens `file` for appending, owner-only (0600), for a child process's stdout and stderr. */
export function openOwnerOnlyLog(file: string): number {
  const fd = openSync(file, "a", 0o600);
  try {
    chmodSync(file, 0o600);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** The last `count` lines of a text file, or "" when it cannot be read. */
export function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-count).join("\n");
  } catch {
    return "";
  }
}
