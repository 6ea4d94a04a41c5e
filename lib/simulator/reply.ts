import "server-only";

import type { ApiError } from "./errors";
import type { BackupFraming, Fault } from "./types";

/** A complete answer, built before anything is sent so that a fault can act on how it is sent. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The fault this answer suffers, if the handler took one. */
  fault?: Fault;
  /** How the body is framed; default "content-length". Replacements and errors always use a length. */
  framing?: BackupFraming;
  /** Runs once every byte of the body went out. */
  onComplete?: () => void;
}

export function jsonReply(status: number, value: unknown): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json" },
    body: Buffer.from(JSON.stringify(value), "utf8"),
  };
}

/** Error bodies go out as application/json;charset=utf-8, as real arrays send them. */
export function errorReply(error: ApiError, errorSource: string): Reply {
  const reply = jsonReply(error.status, error.body(errorSource));
  return {
    ...reply,
    headers: { ...reply.headers, "Content-Type": "application/json;charset=utf-8", ...error.extra.headers },
  };
}

export function htmlReply(status: number, html: string): Reply {
  return { status, headers: { "Content-Type": "text/html; charset=utf-8" }, body: Buffer.from(html, "utf8") };
}

export const HTML_500_PAGE = `<!DOCTYPE html>
<html><head><title>500 Internal Server Error</title></head>
<body><h1>Internal Server Error</h1>
<p>The server encountered an internal error and was unable to complete your request.</p>
<hr><address>Apache Server</address></body></html>
`;

// What a corporate proxy in front of the array answers instead of the API when it wants a login.
export const PROXY_LOGIN_PAGE = `<!DOCTYPE html>
<html><head><title>Sign in - Web Gateway</title></head>
<body><h1>Authentication required</h1>
<form method="post" action="/login"><label>User <input name="user"></label>
<label>Password <input name="password" type="password"></label><button>Sign in</button></form>
</body></html>
`;
