import "server-only";

import { Agent, request, type IncomingMessage } from "node:http";

import { BenchFailure, BodyMeter, type Transfer } from "./transfer";

// Plain node:http rather than fetch: the timing of the response headers is then exactly when the
// headers arrived, and the body is read as the raw chunks the portal sends.

/** One connection kept alive, as a browser would, so the figures do not include TCP set-up. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Connections kept alive for `sockets` clients at once (the fleet load), to close when done. */
export function portalAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets });
}

export function closePortalConnections(): void {
  agent.destroy();
}

const ERROR_BODY_LIMIT = 64 * 1024;

/** The portal's error message from a non-2xx answer, for the failure report. */
async function errorText(res: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of res) {
    if (text.length < ERROR_BODY_LIMIT) text += String(chunk);
  }
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return `${res.statusCode} ${parsed.error?.code ?? ""} ${parsed.error?.message ?? ""}`.trim();
  } catch {
    return `${res.statusCode} ${text.slice(0, 200)}`;
  }
}

interface Call {
  method: "GET" | "POST";
  cookie?: string;
  json?: unknown;
  timeoutMs: number;
  agent?: Agent;
}

interface Answer {
  res: IncomingMessage;
  /** Whether the call's time limit ended it. */
  timedOut(): boolean;
}

/**
 * Sends one request. The time limit covers the whole exchange, body included: destroying the
 * request when it passes breaks off the response as well.
 */
function send(url: string, call: Call): Promise<Answer> {
  const body = call.json === undefined ? undefined : JSON.stringify(call.json);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      agent: call.agent ?? agent,
      method: call.method,
      headers: {
        ...(body === undefined
          ? {}
          : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }),
        ...(call.cookie ? { Cookie: call.cookie } : {}),
      },
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`no complete answer within ${call.timeoutMs / 1000} s`));
    }, call.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("response", (res) => resolve({ res, timedOut: () => timedOut }));
    req.on("error", reject);
    req.end(body);
  });
}

/** Signs in through the API, as the login form does; returns the Cookie header for later calls. */
export async function signIn(portalUrl: string, username: string, password: string): Promise<string> {
  const { res } = await send(`${portalUrl}/api/auth/login`, {
    method: "POST",
    json: { username, password },
    timeoutMs: 30_000,
  });
  if (res.statusCode !== 200) throw new BenchFailure(`sign-in refused: ${await errorText(res)}`);
  res.resume();
  const cookies = res.headers["set-cookie"] ?? [];
  if (cookies.length === 0) throw new BenchFailure("sign-in answered without a session cookie");
  return cookies.map((cookie) => cookie.split(";")[0]).join("; ");
}

export interface BackupRequest {
  storageUsername: string;
  storagePassword: string;
  backupPassword: string;
  backupPasswordConfirmation: string;
}

/** Reads the key file to its end, counting and hashing it; fails if it breaks off. */
function readKeyFile({ res, timedOut }: Answer, started: number, headersMs: number): Promise<Transfer> {
  const announced = res.headers["x-backup-expected-size"];
  const serverTiming = res.headers["server-timing"];
  const meter = new BodyMeter();
  let lastByteMs = 0;
  return new Promise((resolve, reject) => {
    res.on("data", (chunk: Buffer) => meter.add(chunk));
    res.on("end", () => (lastByteMs = performance.now() - started));
    res.on("error", () => {
      // "close" follows and reports it.
    });
    res.on("close", () => {
      // A portal that errors the stream cuts the chunked body short: that is a failed backup.
      if (!res.complete) {
        const why = timedOut() ? "the time limit passed" : "the portal broke it off";
        reject(new BenchFailure(`the key file ended after ${meter.bytes} bytes: ${why}`));
        return;
      }
      resolve({
        headersMs,
        lastByteMs,
        bytes: meter.bytes,
        sha256: meter.digest(),
        announcedBytes: typeof announced === "string" && /^\d+$/.test(announced) ? Number(announced) : undefined,
        serverTiming: typeof serverTiming === "string" ? serverTiming : undefined,
      });
    });
  });
}

/** One backup through the portal, timed from sending the request to its headers and last byte. */
export async function portalBackup(
  portalUrl: string,
  cookie: string,
  systemId: string,
  input: BackupRequest,
  timeoutMs: number,
  connections?: Agent,
): Promise<Transfer> {
  const started = performance.now();
  const answer = await send(`${portalUrl}/api/systems/${systemId}/backups`, {
    method: "POST",
    cookie,
    json: input,
    timeoutMs,
    agent: connections,
  });
  const headersMs = performance.now() - started;
  if (answer.res.statusCode !== 200)
    throw new BenchFailure(`the portal refused the backup: ${await errorText(answer.res)}`);
  return readKeyFile(answer, started, headersMs);
}
