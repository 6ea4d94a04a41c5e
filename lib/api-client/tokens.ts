import { z } from "zod";

import {
  createdTokenSchema,
  publicTokenSchema,
  type CreatedToken,
  type CreateTokenInput,
  type PublicToken,
} from "@/lib/schemas/token";

import { requestJson, requestNoContent } from "./request-json";

const TOKENS_PATH = "/api/tokens";
const tokenListSchema = z.object({ tokens: z.array(publicTokenSchema) });

/** The cache key of the token list; creating or revoking a token invalidates it. */
export const tokensQueryKey = ["tokens"] as const;

/** GET /api/tokens: the service tokens not revoked (admins only); never the tokens themselves. */
export async function fetchTokens(): Promise<PublicToken[]> {
  return (await requestJson("GET", TOKENS_PATH, tokenListSchema)).tokens;
}

/** POST /api/tokens: answers the token, the only time it is shown. */
export async function createToken(input: CreateTokenInput): Promise<CreatedToken> {
  return requestJson("POST", TOKENS_PATH, createdTokenSchema, input);
}

/** DELETE /api/tokens/{id}: revokes it at once. */
export async function revokeToken(tokenId: string): Promise<void> {
  return requestNoContent("DELETE", `${TOKENS_PATH}/${encodeURIComponent(tokenId)}`);
}
