import { describe, expect, it } from "vitest";

import { backupRequestSchema } from "@/lib/schemas/backup-password";
import { systemIdParamsSchema } from "@/lib/schemas/system";

import { errorResponses, operationCodes } from "./errors";
import type { OperationSpec } from "./types";

const backup: OperationSpec = {
  method: "post",
  path: "/api/systems/{id}/backups",
  tag: "backups",
  summary: "Back up",
  auth: "session+role:operator",
  params: systemIdParamsSchema,
  body: backupRequestSchema,
  responses: [],
  errors: ["BACKUP_IN_PROGRESS", "NOT_FOUND"],
};

describe("the error codes of an operation", () => {
  it("adds the wrapper's codes to the route's own, each once, in the order of lib/errors/codes.ts", () => {
    expect(operationCodes(backup)).toEqual([
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "PASSWORD_CHANGE_REQUIRED",
      "NOT_FOUND",
      "PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
      "THROTTLED",
      "BACKUP_IN_PROGRESS",
      "INTERNAL",
    ]);
  });

  it("leaves out the session's codes on a public GET, and PASSWORD_CHANGE_REQUIRED where the route is open before it", () => {
    expect(
      operationCodes({ ...backup, method: "get", auth: "public", params: undefined, body: undefined, errors: [] }),
    ).toEqual(["INTERNAL"]);
    expect(operationCodes({ ...backup, beforePasswordChange: true })).not.toContain("PASSWORD_CHANGE_REQUIRED");
  });

  it("answers one response per status, naming its codes, with the shared error schema and Retry-After on 429", () => {
    const responses = errorResponses(backup) as Record<string, Record<string, unknown>>;
    expect(Object.keys(responses)).toEqual(["400", "401", "403", "404", "409", "413", "415", "429", "500"]);
    expect(responses["403"]!["x-error-codes"]).toEqual(["FORBIDDEN", "PASSWORD_CHANGE_REQUIRED"]);
    expect(responses["429"]!.headers).toHaveProperty("Retry-After");
    expect(responses["409"]!.content).toEqual({
      "application/json": { schema: { $ref: "#/components/schemas/ApiError" } },
    });
  });
});
