import "server-only";

import { z } from "zod";

import { createdTokenSchema, createTokenSchema, publicTokenSchema, tokenIdParamsSchema } from "@/lib/schemas/token";

import type { OperationSpec } from "./types";

/** The answer of GET /api/tokens (the route has no shared schema of its own for the list). */
const tokenListSchema = z.object({ tokens: z.array(publicTokenSchema) });

/** Service tokens (lib/tokens): `Authorization: Bearer` credentials for scripts, managed by admins. */
export const TOKEN_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/tokens",
    tag: "tokens",
    summary: "List the service tokens (never the tokens themselves)",
    auth: "session+role:admin",
    responses: [{ status: 200, description: "The service tokens.", json: tokenListSchema }],
    errors: [],
  },
  {
    method: "post",
    path: "/api/tokens",
    tag: "tokens",
    summary: "Create a service token; the answer is the only time the token is shown",
    auth: "session+role:admin",
    body: createTokenSchema,
    responses: [{ status: 201, description: "The token created, once.", json: createdTokenSchema }],
    errors: ["CONFLICT", "NOT_FOUND"],
  },
  {
    method: "delete",
    path: "/api/tokens/{id}",
    tag: "tokens",
    summary: "Revoke a service token at once",
    auth: "session+role:admin",
    params: tokenIdParamsSchema,
    responses: [{ status: 204, description: "Revoked." }],
    errors: ["NOT_FOUND"],
  },
];
