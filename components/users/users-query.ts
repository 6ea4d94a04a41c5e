import { requestJson } from "@/lib/api-client/request-json";
import type { PublicUser } from "@/lib/schemas/user";

export const USERS_QUERY_KEY = ["users"] as const;

export async function fetchUsers(): Promise<PublicUser[]> {
  const body = await requestJson<{ users: PublicUser[] }>("GET", "/api/users");
  return body.users;
}
