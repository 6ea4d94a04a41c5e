import { apiErrorSchema, type ApiErrorDetail } from "@/lib/schemas/api-error";

/** A refusal from the portal's API, with the error body it sent (or a stand-in for a network failure). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly detail: ApiErrorDetail,
  ) {
    super(detail.message);
  }
  get code(): string {
    return this.detail.code;
  }
}

/**
 * Browser-side JSON call to the portal's own API (same origin, so the session cookie goes along).
 * Resolves with the parsed body (undefined for 204), rejects with ApiError.
 */
export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, {
      code: "NETWORK",
      message: "The portal did not answer. Check your network connection, then try again.",
    });
  }
  if (response.status === 204) return undefined as T;
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(json);
    throw new ApiError(
      response.status,
      parsed.success
        ? parsed.data.error
        : { code: "UNKNOWN", message: `The portal answered with status ${response.status}. Try again; if it persists, tell an admin.` },
    );
  }
  return json as T;
}
