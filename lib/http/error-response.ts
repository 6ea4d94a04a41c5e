import "server-only";

import { AppError, toAppError } from "@/lib/errors";
import { logger } from "@/lib/log";

/** Turns whatever a handler threw into the one JSON error shape. Unknown errors are logged, not shown. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (!(error instanceof AppError) && appError.code === "INTERNAL") {
    logger.error(
      {
        event: "http.unhandled",
        err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      },
      "unhandled error",
    );
  }
  return Response.json(appError.toBody(), {
    status: appError.status,
    headers: { "Cache-Control": "no-store", ...appError.headers },
  });
}
