import "server-only";

import type { AppErrorCode } from "@/lib/errors/codes";
import {
  BACKUP_EXPECTED_SIZE_HEADER,
  BACKUP_ID_HEADER,
  backupListQuerySchema,
  backupPageSchema,
  backupParamsSchema,
  backupResponseSchema,
  backupVerificationRequestSchema,
  backupVerificationResponseSchema,
} from "@/lib/schemas/backup";
import { backupRequestSchema } from "@/lib/schemas/backup-password";
import { keyCheckRequestSchema, keyCheckResponseSchema } from "@/lib/schemas/key-check";
import {
  inspectCertificateResponseSchema,
  inspectCertificateSchema,
  listSystemsQuerySchema,
  registerSystemSchema,
  systemIdParamsSchema,
  systemListSchema,
  systemResponseSchema,
  testConnectionResponseSchema,
  testConnectionSchema,
  updateSystemSchema,
} from "@/lib/schemas/system";

import { csvResponse, SERVER_TIMING } from "./headers";
import type { OperationSpec } from "./types";

/** What a call to a storage system can answer (lib/errors `fromStorageError`). */
const STORAGE_CODES: AppErrorCode[] = [
  "STORAGE_AUTH_FAILED",
  "STORAGE_PERMISSION_DENIED",
  "STORAGE_LOCKED",
  "MICROCODE_UNSUPPORTED",
  "STORAGE_BUSY",
  "STORAGE_UNREACHABLE",
  "STORAGE_TLS_ERROR",
  "STORAGE_TIMEOUT",
  "STORAGE_ERROR",
];

const DOWNLOAD_HEADERS = {
  "Content-Disposition": {
    description: 'The key file\'s name: `attachment; filename="<name>"`.',
    schema: { type: "string" },
    required: true,
  },
  [BACKUP_ID_HEADER]: {
    description: "The id of the backup in the history, for GET and POST .../backups/{backupId}/verification.",
    schema: { type: "string", format: "uuid" },
    required: true,
  },
  [BACKUP_EXPECTED_SIZE_HEADER]: {
    description:
      "The size in bytes the storage system announced (Content-Length is not sent); absent when it announced none.",
    schema: { type: "string", pattern: "^[0-9]+$" },
  },
  "Server-Timing": SERVER_TIMING,
  "X-Content-Type-Options": { description: "`nosniff`.", schema: { type: "string", const: "nosniff" } },
};

/** Storage systems: registration, trust, connection tests, key checks, backups and their history. */
export const SYSTEM_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/systems",
    tag: "systems",
    summary: "List the registered systems (`includeRemoved=1`: admins see removed ones too)",
    auth: "session",
    query: listSystemsQuerySchema,
    responses: [{ status: 200, description: "The systems.", json: systemListSchema }],
    errors: [],
  },
  {
    method: "post",
    path: "/api/systems",
    tag: "systems",
    summary: "Register a system",
    auth: "session+role:admin",
    body: registerSystemSchema,
    responses: [{ status: 201, description: "The system registered.", json: systemResponseSchema }],
    errors: ["CONFLICT", "CERTIFICATE_MISMATCH", "DUPLICATE_BASE_URL", ...STORAGE_CODES],
  },
  {
    method: "post",
    path: "/api/systems/inspect-certificate",
    tag: "systems",
    summary: "The certificate a system presents, for an admin to confirm (nothing is stored)",
    auth: "session+role:admin",
    body: inspectCertificateSchema,
    responses: [{ status: 200, description: "The certificate's facts.", json: inspectCertificateResponseSchema }],
    errors: ["STORAGE_UNREACHABLE", "STORAGE_TLS_ERROR", "STORAGE_TIMEOUT", "STORAGE_ERROR"],
  },
  {
    method: "get",
    path: "/api/systems/{id}",
    tag: "systems",
    summary: "One system (removed ones too, with `removed: true`)",
    auth: "session",
    params: systemIdParamsSchema,
    responses: [{ status: 200, description: "The system.", json: systemResponseSchema }],
    errors: ["NOT_FOUND"],
  },
  {
    method: "patch",
    path: "/api/systems/{id}",
    tag: "systems",
    summary: "Change a system's settings",
    auth: "session+role:admin",
    params: systemIdParamsSchema,
    body: updateSystemSchema,
    responses: [{ status: 200, description: "The system as it is now.", json: systemResponseSchema }],
    errors: ["NOT_FOUND", "CONFLICT", "CERTIFICATE_MISMATCH", "DUPLICATE_BASE_URL", ...STORAGE_CODES],
  },
  {
    method: "delete",
    path: "/api/systems/{id}",
    tag: "systems",
    summary: "Remove a system (its history stays)",
    auth: "session+role:admin",
    params: systemIdParamsSchema,
    responses: [{ status: 204, description: "Removed." }],
    errors: ["NOT_FOUND", "CONFLICT"],
  },
  {
    method: "post",
    path: "/api/systems/{id}/test-connection",
    tag: "systems",
    summary: "Test the connection and storage credentials (used once, then forgotten)",
    auth: "session+role:operator",
    params: systemIdParamsSchema,
    body: testConnectionSchema,
    responses: [{ status: 200, description: "What the storage system answered.", json: testConnectionResponseSchema }],
    errors: ["NOT_FOUND", "CONFLICT", "THROTTLED", ...STORAGE_CODES],
  },
  {
    method: "post",
    path: "/api/systems/{id}/key-checks",
    tag: "keys",
    summary: "Check which encryption keys are not backed up (credentials used once, then forgotten)",
    auth: "session+role:operator",
    params: systemIdParamsSchema,
    body: keyCheckRequestSchema,
    responses: [{ status: 201, description: "The key check recorded.", json: keyCheckResponseSchema }],
    errors: ["NOT_FOUND", "CONFLICT", ...STORAGE_CODES],
  },
  {
    method: "get",
    path: "/api/systems/{id}/key-checks",
    tag: "keys",
    summary: "The system's latest key check (null when never checked)",
    auth: "session",
    params: systemIdParamsSchema,
    responses: [{ status: 200, description: "The latest key check.", json: keyCheckResponseSchema }],
    errors: ["NOT_FOUND"],
  },
  {
    method: "post",
    path: "/api/systems/{id}/backups",
    tag: "backups",
    summary: "Back up the encryption keys: the key file, streamed from the storage system",
    description:
      "The body is checked against the base password rules, then against the system's own policy. " +
      "The answer is the encrypted key file, never buffered; the browser compares its size and SHA-256 " +
      "with the portal's record, then reports its SHA-256 (POST .../backups/{backupId}/verification).",
    auth: "session+role:operator",
    params: systemIdParamsSchema,
    body: backupRequestSchema,
    responses: [
      {
        status: 200,
        description: "The encrypted key file.",
        content: { "application/octet-stream": { type: "string", contentMediaType: "application/octet-stream" } },
        headers: DOWNLOAD_HEADERS,
      },
    ],
    errors: ["NOT_FOUND", "CONFLICT", "BACKUP_IN_PROGRESS", "SHUTTING_DOWN", ...STORAGE_CODES],
  },
  {
    method: "get",
    path: "/api/systems/{id}/backups",
    tag: "backups",
    summary: "The system's backup history, newest first (JSON pages, or the whole filtered history as CSV)",
    auth: "session",
    params: systemIdParamsSchema,
    query: backupListQuerySchema,
    responses: [
      {
        status: 200,
        description: "A page of the history; with `format=csv` the whole filtered history as a CSV file.",
        json: backupPageSchema,
        ...csvResponse(),
      },
    ],
    errors: ["NOT_FOUND"],
  },
  {
    method: "get",
    path: "/api/systems/{id}/backups/{backupId}",
    tag: "backups",
    summary: "One backup (size, SHA-256, status, verification)",
    auth: "session",
    params: backupParamsSchema,
    responses: [{ status: 200, description: "The backup.", json: backupResponseSchema }],
    errors: ["NOT_FOUND"],
  },
  {
    method: "post",
    path: "/api/systems/{id}/backups/{backupId}/verification",
    tag: "backups",
    summary: "Report the SHA-256 the browser computed over the key file it received",
    description: "Recorded as verified or mismatch and audited; 409 for a backup that did not succeed.",
    auth: "session+role:operator",
    params: backupParamsSchema,
    body: backupVerificationRequestSchema,
    responses: [{ status: 200, description: "The verification recorded.", json: backupVerificationResponseSchema }],
    errors: ["NOT_FOUND", "CONFLICT"],
  },
];
