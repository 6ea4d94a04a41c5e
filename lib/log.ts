import "server-only";

import pino from "pino";

/**
 * JSON-lines logger. Secrets must never be passed to it; the redaction below is the second line
 * of defence for fields whose names say they hold one.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: undefined,
  redact: {
    paths: [
      "password",
      "*.password",
      "token",
      "*.token",
      "storagePassword",
      "*.storagePassword",
      "backupPassword",
      "*.backupPassword",
      "backupPasswordConfirmation",
      "*.backupPasswordConfirmation",
      "authorization",
      "*.authorization",
      "headers.authorization",
      "headers.cookie",
      "*.headers.authorization",
      "*.headers.cookie",
    ],
    censor: "[redacted]",
  },
});
