import "server-only";

import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";

import { keyBody } from "./api-shapes";
import { buildKeyFile } from "./backup-file";
import { ApiError } from "./errors";
import { faultSchema } from "./faults";
import { readBody } from "./request";
import { settingsSchema } from "./settings";
import type { SystemState } from "./state";
import type { SimSystemInfo } from "./types";

/** What the control server may see and change of a running simulator. */
export interface ControlTarget {
  systems: readonly SimSystemInfo[];
  serverFormBaseUrl?: string;
  certificatePem: string;
  sha256Fingerprint: string;
  state(storageDeviceId: string): SystemState | undefined;
  resetAll(): void;
}

/** The body of GET /systems (and of systems.json, which adds controlUrl). */
export function systemsDocument(target: ControlTarget) {
  return {
    systems: target.systems.map((system) => ({
      ...system,
      openSessions: target.state(system.storageDeviceId)?.openSessionCount() ?? 0,
      settings: target.state(system.storageDeviceId)?.settings,
      sha256Fingerprint: target.sha256Fingerprint,
    })),
    serverFormBaseUrl: target.serverFormBaseUrl,
    certificatePem: target.certificatePem,
    sha256Fingerprint: target.sha256Fingerprint,
  };
}

const addKeysBody = z.strictObject({ count: z.int().min(1).max(4096) });
const expectedBackupBody = z.strictObject({ password: z.string().min(1).max(255) });

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

function send(res: ServerResponse, status: number, value?: unknown): void {
  if (value === undefined) {
    res.writeHead(status).end();
    return;
  }
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    throw new ControlError(400, "The body is not valid JSON");
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ControlError(400, z.prettifyError(result.error));
  return result.data;
}

async function route(target: ControlTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const path = new URL(req.url ?? "/", "http://control").pathname;

  if (path === "/systems") {
    if (method !== "GET") throw new ControlError(405, "Use GET");
    return send(res, 200, systemsDocument(target));
  }
  if (path === "/reset") {
    if (method !== "POST") throw new ControlError(405, "Use POST");
    target.resetAll();
    return send(res, 204);
  }

  const match = /^\/systems\/([^/]+)\/(sessions|faults|keys|expected-backup|settings)$/.exec(path);
  if (!match?.[1]) throw new ControlError(404, "Unknown path");
  const state = target.state(decodeURIComponent(match[1]));
  if (!state) throw new ControlError(404, "Unknown storageDeviceId");

  switch (`${method} ${match[2]}`) {
    case "GET sessions": {
      const sessionIds = state.listSessions().map((session) => session.sessionId);
      return send(res, 200, { open: sessionIds.length, sessionIds });
    }
    case "POST faults":
      state.faults.add(parse(faultSchema, await jsonBody(req)));
      return send(res, 204);
    case "DELETE faults":
      state.faults.clear();
      return send(res, 204);
    case "GET settings":
      return send(res, 200, state.settings);
    case "PATCH settings":
      // Validated like faults: a wrong value or an unknown key is a 400 and changes nothing.
      state.updateSettings(parse(settingsSchema, await jsonBody(req)));
      return send(res, 200, state.settings);
    case "GET keys":
      return send(res, 200, { data: state.listKeys().map(keyBody) });
    case "POST keys": {
      const { count } = parse(addKeysBody, await jsonBody(req));
      return send(res, 201, { data: state.addKeys(count).map(keyBody) });
    }
    case "POST expected-backup": {
      // What a backup with this password would hold now, so a test can check a download
      // end to end; the password comes in the body, never in the URL.
      const { password } = parse(expectedBackupBody, await jsonBody(req));
      const file = buildKeyFile(
        {
          storageDeviceId: state.storageDeviceId,
          keys: state.listKeys(),
          paddingBytes: state.config.backupPaddingBytes,
        },
        password,
      );
      return send(res, 200, { bytes: file.length, sha256: createHash("sha256").update(file).digest("hex") });
    }
    default:
      throw new ControlError(405, "Method not allowed here");
  }
}

/** Plain HTTP, loopback only: it hands out passwords and bends the systems' behaviour. */
export function createControlServer(target: ControlTarget): Server {
  return createServer((req, res) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      send(res, 403, { error: "The control server answers loopback clients only" });
      return;
    }
    route(target, req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof ControlError || error instanceof ApiError) {
        send(res, error.status, { error: error.message });
      } else {
        send(res, 500, { error: error instanceof Error ? error.message : "Internal error" });
      }
    });
  });
}
