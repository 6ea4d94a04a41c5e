import "server-only";

import { ERROR_CODES, type AppErrorCode } from "@/lib/errors/codes";

import type { OperationSpec } from "./types";

const STATE_CHANGING = new Set(["post", "put", "patch", "delete"]);

/**
 * The codes the wrappers in lib/http/with-session.ts (and lib/metrics/metrics-route.ts) answer
 * before the handler runs, for this operation: origin check, session, role, params, query, body.
 */
export function wrapperCodes(operation: OperationSpec): AppErrorCode[] {
  const codes: AppErrorCode[] = ["INTERNAL"];
  if (operation.auth === "bearer-metrics") return [...codes, "UNAUTHENTICATED", "NOT_FOUND"];
  if (STATE_CHANGING.has(operation.method)) codes.push("FORBIDDEN");
  if (operation.auth !== "public") {
    codes.push("UNAUTHENTICATED");
    if (!operation.beforePasswordChange) codes.push("PASSWORD_CHANGE_REQUIRED");
    // A role too low, or a service token (Authorization: Bearer) refused here or limited to other
    // systems; wrong tokens are throttled per address (lib/tokens).
    codes.push("FORBIDDEN", "THROTTLED");
  }
  if (operation.params) codes.push("NOT_FOUND");
  if (operation.query) codes.push("VALIDATION_FAILED");
  if (operation.body) codes.push("VALIDATION_FAILED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE");
  return codes;
}

/** Every code an operation can answer, each once, in the order of lib/errors/codes.ts. */
export function operationCodes(operation: OperationSpec): AppErrorCode[] {
  const all = new Set([...wrapperCodes(operation), ...operation.errors]);
  return (Object.keys(ERROR_CODES) as AppErrorCode[]).filter((code) => all.has(code));
}

const ERROR_REF = { $ref: "#/components/schemas/ApiError" };

/** The error answers of an operation, one per HTTP status, each naming its codes. */
export function errorResponses(operation: OperationSpec): Record<string, unknown> {
  const byStatus = new Map<number, AppErrorCode[]>();
  for (const code of operationCodes(operation)) {
    const status = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers =
      status === 429
        ? { "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } } }
        : status === 401 && operation.auth === "bearer-metrics"
          ? { "WWW-Authenticate": { description: 'Bearer realm="metrics"', schema: { type: "string" } } }
          : undefined;
    responses[String(status)] = {
      description: `Error: ${codes.join(", ")} (the \`error.code\`).`,
      "x-error-codes": codes,
      ...(headers ? { headers } : {}),
      content: { "application/json": { schema: ERROR_REF } },
    };
  }
  return responses;
}
