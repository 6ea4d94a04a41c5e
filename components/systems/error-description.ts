import { ApiError } from "@/lib/api-client/request-json";

export interface ErrorDescription {
  /** What happened and what to do next, in one or two sentences. */
  title: string;
  /** The portal's own message when the title does not already say it. */
  detail?: string;
}

/** Titles for codes whose server message is worth a plainer lead sentence. */
const TITLES: Record<string, string> = {
  CERTIFICATE_MISMATCH: "The certificate changed since you inspected it. Inspect it again and compare the fingerprint.",
  UNAUTHENTICATED: "Your session has ended. Sign in again, then repeat this step.",
  VALIDATION_FAILED: "Some values are not valid. Correct the marked fields, then try again.",
  STORAGE_AUTH_FAILED: "The storage system refused the user name or password. Check them, then try again.",
  STORAGE_PERMISSION_DENIED: "The storage user lacks the needed role. Use a user with the Security Administrator (View & Modify) role.",
  STORAGE_UNREACHABLE: "The portal could not reach the storage system. Check the address and the network path.",
  STORAGE_TIMEOUT: "The storage system did not answer in time.",
};

/**
 * Turns a failed call into text for an error alert. `titles` overrides the lead sentence per error
 * code where the context knows better what to do next.
 */
export function describeError(error: unknown, titles: Partial<Record<string, string>> = {}): ErrorDescription {
  if (!(error instanceof ApiError)) return { title: "Something went wrong in the browser. Reload the page and try again." };
  const title = titles[error.code] ?? TITLES[error.code];
  if (!title || title === error.message) return { title: error.message };
  return { title, detail: error.message };
}
