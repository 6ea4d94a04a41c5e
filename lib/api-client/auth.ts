import {
  meResponseSchema,
  meSchema,
  type ChangePasswordInput,
  type LoginInput,
  type Me,
  type SetupInput,
} from "@/lib/schemas/user";

import { requestJson, requestNoContent } from "./request-json";

/** The cache key of who is signed in. */
export const meQueryKey = ["me"] as const;

/** POST /api/auth/login: starts a session (the cookie comes with the answer). */
export async function signIn(credentials: LoginInput): Promise<Me> {
  return (await requestJson("POST", "/api/auth/login", meResponseSchema, credentials)).user;
}

/** POST /api/auth/logout: ends this session on the server. */
export function signOut(): Promise<void> {
  return requestNoContent("POST", "/api/auth/logout");
}

/** POST /api/auth/password: the signed-in user sets their own password (required after an admin's reset). */
export async function changePassword(input: ChangePasswordInput): Promise<Me> {
  return (await requestJson("POST", "/api/auth/password", meResponseSchema, input)).user;
}

/** POST /api/setup: creates the first admin with the one-time token from the server log. */
export async function completeSetup(input: SetupInput): Promise<Me> {
  return (await requestJson("POST", "/api/setup", meResponseSchema, input)).user;
}

/** GET /api/me: who is signed in. */
export function fetchMe(): Promise<Me> {
  return requestJson("GET", "/api/me", meSchema);
}
