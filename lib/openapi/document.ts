import "server-only";

import { apiErrorSchema } from "@/lib/schemas/api-error";

import { errorResponses } from "./errors";
import { COMMON_HEADERS } from "./headers";
import { parametersOf, toJsonSchema, type JsonSchema } from "./json-schema";
import { OPERATIONS } from "./operations";
import type { OperationSpec, SuccessSpec } from "./types";

export const OPENAPI_VERSION = "3.1.0";
/** The version of the API's description; raise it when an operation changes. */
export const API_DESCRIPTION_VERSION = "1.0.0";

const SESSION_SECURITY: Record<string, string[]>[] = [{ sessionCookie: [] }, { sessionCookieHttp: [] }];

const SECURITY_SCHEMES = {
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "__Host-kbp_session",
    description: "The session cookie set by POST /api/auth/login when the portal is reached over HTTPS.",
  },
  sessionCookieHttp: {
    type: "apiKey",
    in: "cookie",
    name: "kbp_session",
    description: "The same session cookie when the portal is reached over plain HTTP (a loopback address).",
  },
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    description:
      "`Authorization: Bearer <token>`: METRICS_TOKEN for GET /api/metrics; a service token (POST /api/tokens) for the routes that list it.",
  },
};

/**
 * A session cookie, or a service token (`withSession` takes `Authorization: Bearer`): tokens have
 * the viewer or operator role, so never for admin routes, and never for the routes open before a
 * password change (a token has no password).
 */
function securityOf(operation: OperationSpec): Record<string, string[]>[] {
  if (operation.auth === "public") return [];
  if (operation.auth === "bearer-metrics") return [{ bearerAuth: [] }];
  if (operation.auth === "session+role:admin" || operation.beforePasswordChange) return SESSION_SECURITY;
  return [...SESSION_SECURITY, { bearerAuth: [] }];
}

function requiredRole(operation: OperationSpec): string | undefined {
  if (operation.auth === "session") return "viewer";
  const match = /^session\+role:(\w+)$/.exec(operation.auth);
  return match?.[1];
}

function successResponse(success: SuccessSpec): JsonSchema {
  const content: Record<string, { schema: JsonSchema }> = {};
  if (success.json) content["application/json"] = { schema: toJsonSchema(success.json) };
  else if (success.jsonSchema) content["application/json"] = { schema: success.jsonSchema };
  for (const [type, schema] of Object.entries(success.content ?? {})) content[type] = { schema };
  return {
    description: success.description,
    headers: { ...COMMON_HEADERS, ...success.headers },
    ...(Object.keys(content).length > 0 ? { content } : {}),
  };
}

function operationObject(operation: OperationSpec): JsonSchema {
  const parameters = [
    ...(operation.params ? parametersOf(operation.params, "path") : []),
    ...(operation.query ? parametersOf(operation.query, "query") : []),
  ];
  const responses: Record<string, unknown> = {};
  for (const success of operation.responses) responses[String(success.status)] = successResponse(success);
  Object.assign(responses, errorResponses(operation));
  const role = requiredRole(operation);
  return {
    operationId: operationId(operation),
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: securityOf(operation),
    ...(role ? { "x-required-role": role } : {}),
    ...(operation.beforePasswordChange ? { "x-open-before-password-change": true } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toJsonSchema(operation.body) } },
          },
        }
      : {}),
    responses,
  };
}

/** `post /api/systems/{id}/backups` → `postSystemsIdBackups`. */
export function operationId(operation: Pick<OperationSpec, "method" | "path">): string {
  const words = operation.path
    .replace(/^\/api\//, "")
    .split(/[/{}.-]+/)
    .filter(Boolean);
  return operation.method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
}

/** The OpenAPI path of a route folder under app/api: `systems/[id]/backups` → `/api/systems/{id}/backups`. */
export function openApiPath(routeFolder: string): string {
  const folder = routeFolder.split(/[\\/]/).filter(Boolean).join("/");
  return `/api/${folder}`.replace(/\[(\w+)\]/g, "{$1}");
}

/** The whole OpenAPI 3.1 description of the portal's API, built from the shared zod schemas. */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const item = (paths[operation.path] ??= {});
    if (item[operation.method]) throw new Error(`Described twice: ${operation.method} ${operation.path}`);
    item[operation.method] = operationObject(operation);
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: "Key backup portal API",
      version: API_DESCRIPTION_VERSION,
      description:
        "The portal's own API, as its pages use it. Errors answer `{ error: { code, message, ... } }`; " +
        "each error response names its codes in `x-error-codes`. State-changing requests must come " +
        "from the portal's own origin (Origin header) and send `application/json`.",
    },
    servers: [{ url: "/" }],
    security: SESSION_SECURITY,
    tags: [...new Set(OPERATIONS.map((operation) => operation.tag))].map((name) => ({ name })),
    paths: sortedPaths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: { ApiError: toJsonSchema(apiErrorSchema) },
    },
  };
}
