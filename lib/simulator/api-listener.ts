import "server-only";

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

import { API_VERSION, storageIdentity } from "./api-shapes";
import type { ConnectionTracker } from "./connections";
import { deliver, faultPreemptsHandler, type DeliveryContext } from "./deliver";
import { ApiError, errors } from "./errors";
import { embeddedRoute, serverFormTarget } from "./listener-paths";
import { errorReply, jsonReply, type Reply } from "./reply";
import { readBody } from "./request";
import { resolveRoute, runRoute } from "./routes";
import type { SessionTable } from "./session-table";
import type { SystemState } from "./state";
import type { Fault } from "./types";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface ListenerContext {
  /** Aborted when the simulator closes. */
  signal: AbortSignal;
  connections: ConnectionTracker;
  log?: (line: string) => void;
}

/** Where a request for one system came in: which session table, which controller it answers as. */
interface Entry {
  state: SystemState;
  sessions: SessionTable;
  targetCtl: string;
}

/** The request handler of one controller's embedded listener: its own session table. */
export function embeddedHandler(context: ListenerContext, state: SystemState, sessions: SessionTable): RequestHandler {
  const entry: Entry = { state, sessions, targetCtl: sessions.name };
  const label = `${state.storageDeviceId}${state.controllerTables.length > 1 ? ` ${sessions.name}` : ""}`;
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    logWhenDone(context, label, req, res, url.pathname);
    const route = embeddedRoute(url.pathname);
    if (route === undefined) return send(context, res, errorReply(errors.notFound(), url.pathname), url.pathname);
    await serveSystem(context, entry, req, res, route, url);
  };
}

/** The REST API server form: every system by storageDeviceId, each with its server-form session table. */
export function serverFormHandler(context: ListenerContext, states: ReadonlyMap<string, SystemState>): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    const path = url.pathname;
    logWhenDone(context, "server-form", req, res, path);
    const target = serverFormTarget(path);
    const state = target.kind === "system" ? states.get(target.storageDeviceId) : undefined;
    if (target.kind === "system" && state) {
      const entry: Entry = { state, sessions: state.serverFormTable, targetCtl: "CTL1" };
      return serveSystem(context, entry, req, res, target.route, url);
    }
    if (target.kind === "version" || target.kind === "storages") {
      if (req.method !== "GET") return send(context, res, errorReply(errors.methodNotAllowed(["GET"]), path), path);
      const body =
        target.kind === "version" ? API_VERSION : { data: [...states.values()].map((s) => storageIdentity(s)) };
      return send(context, res, jsonReply(200, body), path);
    }
    return send(context, res, errorReply(errors.notFound(), path), path);
  };
}

/** Routing, the fault this request meets, authentication, the handler, and sending. */
async function serveSystem(
  context: ListenerContext,
  entry: Entry,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  url: URL,
): Promise<void> {
  const errorSource = url.pathname;
  let reply: Reply;
  let fault: Fault | undefined;
  try {
    const resolved = resolveRoute(route, req.method ?? "GET");
    if (resolved.faultPoint !== "in-handler") fault = entry.state.faults.take(resolved.faultPoint);
    if (faultPreemptsHandler(fault)) {
      reply = { status: 200, headers: {}, body: Buffer.alloc(0) };
    } else {
      const body = await readBody(req);
      reply = runRoute(resolved, { ...entry, req, route, query: url.searchParams, body });
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    reply = errorReply(error, errorSource);
  }
  await send(context, res, fault ? { ...reply, fault } : reply, errorSource);
}

function send(context: ListenerContext, res: ServerResponse, reply: Reply, errorSource: string): Promise<void> {
  const delivery: DeliveryContext = {
    signal: context.signal,
    resetConnection: (socket: Socket) => context.connections.reset(socket),
    errorSource,
  };
  return deliver(res, reply, delivery);
}

function logWhenDone(
  context: ListenerContext,
  system: string,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): void {
  const log = context.log;
  if (!log) return;
  // Only the method, the path and the status: headers and bodies carry tokens and passwords.
  res.once("close", () => {
    const outcome = res.writableFinished ? String(res.statusCode) : `${res.statusCode} (connection ended early)`;
    log(`${system} ${req.method ?? "?"} ${path} ${outcome}`);
  });
}
