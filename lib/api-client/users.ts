import {
  userListSchema,
  userResponseSchema,
  type CreateUserInput,
  type PublicUser,
  type UpdateUserInput,
} from "@/lib/schemas/user";

import { requestJson } from "./request-json";

const USERS_PATH = "/api/users";

/** The cache key of the user list; adding or changing a user invalidates it. */
export const usersQueryKey = ["users"] as const;

/** GET /api/users: every user (admins only). */
export async function fetchUsers(): Promise<PublicUser[]> {
  return (await requestJson("GET", USERS_PATH, userListSchema)).users;
}

/** POST /api/users: adds a user. */
export async function createUser(input: CreateUserInput): Promise<PublicUser> {
  return (await requestJson("POST", USERS_PATH, userResponseSchema, input)).user;
}

/** PATCH /api/users/{id}: changes role, disabled or password; answers with the user as it is now. */
export async function updateUser(userId: string, change: UpdateUserInput): Promise<PublicUser> {
  return (await requestJson("PATCH", `${USERS_PATH}/${encodeURIComponent(userId)}`, userResponseSchema, change)).user;
}
