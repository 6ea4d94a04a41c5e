import "server-only";

import type { z } from "zod";

import type { AppErrorCode } from "@/lib/errors/codes";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call an operation: a signed-in session of any role ("session"), a session with at
 * least the role named, no one in particular ("public"), or the METRICS_TOKEN bearer token.
 */
export type OperationAuth = "public" | "session" | "session+role:operator" | "session+role:admin" | "bearer-metrics";

/** A response header as OpenAPI describes one. */
export interface HeaderSpec {
  description: string;
  schema: Record<string, unknown>;
  required?: boolean;
}

/** One success answer: a JSON body from a shared schema, another media type, or none. */
export interface SuccessSpec {
  status: number;
  description: string;
  /** The zod schema of a JSON body (lib/schemas), converted to JSON Schema. */
  json?: z.ZodType;
  /** A JSON Schema written here, for an answer without a shared zod schema. */
  jsonSchema?: Record<string, unknown>;
  /** Other media types: media type → JSON Schema of the body. */
  content?: Record<string, Record<string, unknown>>;
  headers?: Record<string, HeaderSpec>;
}

/** One operation of the API: what the route file's handler takes and answers. */
export interface OperationSpec {
  method: HttpMethod;
  /** The OpenAPI form of the route's path: `/api/systems/{id}/backups`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: OperationAuth;
  /** `withSession({ beforePasswordChange: true })`: open while a password change is required. */
  beforePasswordChange?: boolean;
  /** The same zod schemas the route passes to `withSession` / `publicRoute`. */
  body?: z.ZodType;
  params?: z.ZodType;
  query?: z.ZodType;
  responses: SuccessSpec[];
  /** The route's own error codes; the wrapper's common ones are added (lib/openapi/errors.ts). */
  errors: AppErrorCode[];
}
