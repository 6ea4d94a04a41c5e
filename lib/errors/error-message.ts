/** The message of whatever was thrown, for logs and command-line output. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
