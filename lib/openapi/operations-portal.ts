import "server-only";

import { auditPageSchema, auditQuerySchema } from "@/lib/schemas/audit";
import { backupChecksumQuerySchema, checksumMatchesSchema } from "@/lib/schemas/backup";
import { fleetQuerySchema, fleetResponseSchema } from "@/lib/schemas/fleet";
import { settingsResponseSchema, updateSettingsSchema } from "@/lib/schemas/settings";
import {
  changePasswordSchema,
  createUserSchema,
  loginSchema,
  meResponseSchema,
  meSchema,
  setupSchema,
  updateUserSchema,
  userIdParamsSchema,
  userListSchema,
  userResponseSchema,
} from "@/lib/schemas/user";

import { csvResponse } from "./headers";
import type { OperationSpec } from "./types";

const SET_COOKIE = {
  "Set-Cookie": {
    description: "The session cookie: `__Host-kbp_session` over HTTPS, `kbp_session` over plain HTTP.",
    schema: { type: "string" },
  },
};

/** Sign-in, first-run setup, one's own account, users, settings, audit, fleet, health, metrics. */
export const PORTAL_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/auth/login",
    tag: "auth",
    summary: "Sign in",
    description: "Answers the user and sets the session cookie. Sign-ins are throttled per user name and address.",
    auth: "public",
    body: loginSchema,
    responses: [{ status: 200, description: "Signed in.", json: meResponseSchema, headers: SET_COOKIE }],
    errors: ["INVALID_CREDENTIALS", "THROTTLED"],
  },
  {
    method: "post",
    path: "/api/auth/logout",
    tag: "auth",
    summary: "Sign out",
    description: "Ends this session and clears its cookie; open while a password change is required.",
    auth: "session",
    beforePasswordChange: true,
    responses: [{ status: 204, description: "Signed out.", headers: SET_COOKIE }],
    errors: [],
  },
  {
    method: "post",
    path: "/api/auth/password",
    tag: "auth",
    summary: "Change one's own password",
    description: "Keeps this session and ends the user's others; open while a password change is required.",
    auth: "session",
    beforePasswordChange: true,
    body: changePasswordSchema,
    responses: [{ status: 200, description: "The password was changed.", json: meResponseSchema }],
    errors: ["THROTTLED"],
  },
  {
    method: "post",
    path: "/api/setup",
    tag: "auth",
    summary: "Create the first admin (first run only)",
    auth: "public",
    body: setupSchema,
    responses: [{ status: 201, description: "The first admin, who can now sign in.", json: meResponseSchema }],
    errors: ["CONFLICT", "THROTTLED"],
  },
  {
    method: "get",
    path: "/api/me",
    tag: "auth",
    summary: "The signed-in user",
    auth: "session",
    responses: [{ status: 200, description: "The signed-in user.", json: meSchema }],
    errors: [],
  },
  {
    method: "get",
    path: "/api/users",
    tag: "users",
    summary: "List users",
    auth: "session+role:admin",
    responses: [{ status: 200, description: "Every user.", json: userListSchema }],
    errors: [],
  },
  {
    method: "post",
    path: "/api/users",
    tag: "users",
    summary: "Create a user",
    auth: "session+role:admin",
    body: createUserSchema,
    responses: [{ status: 201, description: "The user created.", json: userResponseSchema }],
    errors: ["CONFLICT", "THROTTLED"],
  },
  {
    method: "patch",
    path: "/api/users/{id}",
    tag: "users",
    summary: "Change a user (role, disabled, password reset)",
    auth: "session+role:admin",
    params: userIdParamsSchema,
    body: updateUserSchema,
    responses: [{ status: 200, description: "The user as it is now.", json: userResponseSchema }],
    errors: ["NOT_FOUND", "CONFLICT", "THROTTLED"],
  },
  {
    method: "get",
    path: "/api/settings",
    tag: "settings",
    summary: "The portal's settings",
    auth: "session",
    responses: [{ status: 200, description: "The settings.", json: settingsResponseSchema }],
    errors: [],
  },
  {
    method: "patch",
    path: "/api/settings",
    tag: "settings",
    summary: "Change the portal's settings",
    auth: "session+role:admin",
    body: updateSettingsSchema,
    responses: [{ status: 200, description: "The settings as they are now.", json: settingsResponseSchema }],
    errors: [],
  },
  {
    method: "get",
    path: "/api/audit",
    tag: "audit",
    summary: "The audit log, newest first (JSON pages, or the whole filtered log as CSV)",
    auth: "session+role:admin",
    query: auditQuerySchema,
    responses: [
      {
        status: 200,
        description: "A page of the audit log; with `format=csv` the whole filtered log as a CSV file.",
        json: auditPageSchema,
        ...csvResponse(),
      },
    ],
    errors: [],
  },
  {
    method: "get",
    path: "/api/fleet",
    tag: "fleet",
    summary: "Every system and its backup status, attention first",
    auth: "session",
    query: fleetQuerySchema,
    responses: [
      {
        status: 200,
        description: "The fleet; `status` narrows the list, never the counts.",
        json: fleetResponseSchema,
      },
    ],
    errors: [],
  },
  {
    method: "get",
    path: "/api/backups",
    tag: "backups",
    summary: "The succeeded backups whose key file had this SHA-256",
    auth: "session",
    query: backupChecksumQuerySchema,
    responses: [{ status: 200, description: "The matching backups.", json: checksumMatchesSchema }],
    errors: [],
  },
  {
    method: "get",
    path: "/api/health",
    tag: "operations",
    summary: "Health check for a load balancer or monitor",
    auth: "public",
    responses: [
      { status: 200, description: "The portal and its database answer.", jsonSchema: healthSchema("ok", "ok") },
      {
        status: 503,
        description: "The database does not answer.",
        jsonSchema: healthSchema("unavailable", "unreachable"),
      },
    ],
    errors: [],
  },
  {
    method: "get",
    path: "/api/metrics",
    tag: "operations",
    summary: "Prometheus metrics (bearer METRICS_TOKEN; 404 when it is not set)",
    auth: "bearer-metrics",
    responses: [
      {
        status: 200,
        description: "The figures in the Prometheus text exposition format.",
        content: { "text/plain": { type: "string" } },
        headers: { "Cache-Control": { description: "`no-store`.", schema: { type: "string", const: "no-store" } } },
      },
    ],
    errors: [],
  },
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "operations",
    summary: "This description of the API (OpenAPI 3.1)",
    auth: "public",
    responses: [
      {
        status: 200,
        description: "The OpenAPI 3.1 document.",
        jsonSchema: { type: "object", required: ["openapi", "info", "paths"] },
      },
    ],
    errors: [],
  },
];

function healthSchema(status: string, database: string): Record<string, unknown> {
  return {
    type: "object",
    properties: { status: { type: "string", const: status }, database: { type: "string", const: database } },
    required: ["status", "database"],
  };
}
