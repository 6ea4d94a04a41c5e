import "server-only";

import { AppError, conflict, invalidField } from "@/lib/errors";

export function nameTaken(name: string): AppError {
  return conflict(`A storage system named "${name}" is already registered. Choose another name.`);
}

export function plainHttpRefused(): AppError {
  return invalidField(
    "baseUrl",
    "This portal does not allow plain http:// to storage systems (PORTAL_ALLOW_HTTP_STORAGE is off). Use the https:// address.",
  );
}

export function systemRemoved(name: string): AppError {
  return conflict(
    `"${name}" was removed; a removed system cannot be changed or used. Register it again if it is back.`,
  );
}
