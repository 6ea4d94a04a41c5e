import type { z } from "zod";

import { apiErrorSchema } from "@/lib/schemas/api-error";

import { ApiError, CLIENT_ERROR_CODES } from "./api-error";

/**
 * The ApiError for a refusal the portal answered with (`{ error: { code, message, ... } }`), or a
 * stand-in when the body is not one (a proxy's error page, a cut-off body).
 */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const json: unknown = await response.json().catch(() => undefined);
  const parsed = apiErrorSchema.safeParse(json);
  return new ApiError(
    response.status,
    parsed.success
      ? parsed.data.error
      : {
          code: CLIENT_ERROR_CODES.UNKNOWN,
          message: `The portal answered with status ${response.status}. Try again; if it persists, tell an admin.`,
        },
  );
}

/** The ApiError for a request that got no answer at all. */
export function networkError(): ApiError {
  return new ApiError(0, {
    code: CLIENT_ERROR_CODES.NETWORK,
    message: "The portal did not answer. Check your network connection, then try again.",
  });
}

/** Where in the body the first problem is, e.g. `users.0.role`, or "the body" for the whole of it. */
function firstProblemAt(error: z.ZodError | undefined): string {
  const path = error?.issues[0]?.path ?? [];
  return path.length === 0 ? "the body" : `"${path.map(String).join(".")}"`;
}

/**
 * The ApiError for a success whose body is not what the endpoint answers with: most likely a page
 * loaded before the portal was updated, or something between the browser and the portal.
 */
export function unexpectedResponseError(response: Response, what: string, error?: z.ZodError): ApiError {
  return new ApiError(response.status, {
    code: CLIENT_ERROR_CODES.UNEXPECTED_RESPONSE,
    message: `The portal's answer to ${what} is not in the form this page expects (at ${firstProblemAt(error)}). Reload the page; if it persists, tell an admin.`,
  });
}
