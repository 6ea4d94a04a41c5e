import "server-only";
import { AppError, conflict, type AppErrorCode } from "@/lib/http/app-error";

export function systemError(code: Extract<AppErrorCode, "CERTIFICATE_MISMATCH">, status: number, message: string): AppError {
  return new AppError(code, status, message);
}

/** A 400 that names the field, in the shape the wrapper gives zod failures. */
export function invalidField(field: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", 400, message, { fields: { [field]: [message] } });
}

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
  return conflict(`"${name}" was removed; a removed system cannot be changed or used. Register it again if it is back.`);
}
