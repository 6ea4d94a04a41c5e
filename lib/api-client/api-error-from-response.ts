import { apiErrorSchema } from "@/lib/schemas/api-error";
import { ApiError } from "./request-json";

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
      : { code: "UNKNOWN", message: `The portal answered with status ${response.status}. Try again; if it persists, tell an admin.` },
  );
}

/** The ApiError for a request that got no answer at all. */
export function networkError(): ApiError {
  return new ApiError(0, {
    code: "NETWORK",
    message: "The portal did not answer. Check your network connection, then try again.",
  });
}
