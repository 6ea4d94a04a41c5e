import "server-only";

export { AppError, conflict, forbidden, invalidField, notFound, unauthenticated, validationFailed } from "./app-error";
export type { AppErrorExtra } from "./app-error";
export { ERROR_CODES, statusOf } from "./codes";
export type { AppErrorCode } from "./codes";
export { errorMessage } from "./error-message";
export { fromStorageError } from "./storage-error";
export { INTERNAL_MESSAGE, toAppError, zodFields } from "./to-app-error";
