import "server-only";

import type { HeaderSpec, SuccessSpec } from "./types";

const NO_STORE: HeaderSpec = {
  description: "Always `no-store`: every answer is per request and per user.",
  schema: { type: "string", const: "no-store" },
};

/** Headers every answer of the portal's wrappers carries (lib/http/with-session.ts `finish`). */
export const COMMON_HEADERS: Record<string, HeaderSpec> = { "Cache-Control": NO_STORE };

/** The `text/csv` alternative of a list (`?format=csv`, lib/csv/csv-stream.ts `csvHeaders`). */
export function csvResponse(): Pick<SuccessSpec, "content" | "headers"> {
  return {
    content: { "text/csv": { type: "string", description: "RFC 4180 CSV, UTF-8, a header row first." } },
    headers: {
      "Content-Disposition": {
        description: 'With `format=csv`: `attachment; filename="<name>.csv"`.',
        schema: { type: "string" },
      },
    },
  };
}

/** A `Server-Timing` header (lib/server-timing.ts): the request's phases. */
export const SERVER_TIMING: HeaderSpec = {
  description: "The request's phases: auth, claim, audit, session, identity, headers, total (`name;dur=<ms>`).",
  schema: { type: "string" },
};
