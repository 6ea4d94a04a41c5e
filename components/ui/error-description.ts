import { ApiError } from "@/lib/api-client/api-error";

export interface ErrorDescription {
  /** The alert's lead: a short headline, or the server's message when there is none. */
  title: string;
  /** The server's message under a headline: what happened and what to do next. */
  detail?: string;
}

/**
 * Headlines by error code: what happened, in a few words. What to do next is the server's to
 * say, in its message, which is shown under the headline; a headline never repeats that advice.
 * Codes without a headline show the server's message alone.
 */
export type ErrorTitles = Partial<Record<string, string>>;

const TITLES: ErrorTitles = {
  UNAUTHENTICATED: "Your session has ended.",
  STORAGE_AUTH_FAILED: "The storage system refused the user name or password.",
  STORAGE_PERMISSION_DENIED: "The storage user lacks the needed role.",
  STORAGE_UNREACHABLE: "The portal could not reach the storage system.",
  STORAGE_TIMEOUT: "The storage system did not answer in time.",
};

/** For something thrown in the browser that is not an answer of the portal at all. */
const BROWSER_FAILURE = "Something went wrong in the browser. Reload the page and try again.";

/**
 * Turns a failed call into text for an error alert. `titles` replaces headlines per error code
 * where the context knows a better one. Errors the browser made up (no answer, an answer it
 * cannot read) carry their own message, which is then the title.
 */
export function describeError(error: unknown, titles: ErrorTitles = {}): ErrorDescription {
  if (!(error instanceof ApiError)) return { title: BROWSER_FAILURE };
  const title = titles[error.code] ?? TITLES[error.code];
  if (!title || title === error.message) return { title: error.message };
  return { title, detail: error.message };
}
