import "server-only";

import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";

import { API_VERSION, storageIdentity } from "./api-shapes";
import { createCertificate, type SimulatorCertificate } from "./certificate";
import { ConnectionTracker } from "./connections";
import { createControlServer, systemsDocument, type ControlTarget } from "./control";
import { deliver, faultPreemptsHandler, type DeliveryContext } from "./deliver";
import { ApiError, errors } from "./errors";
import { closeServer, listen, urlHost } from "./listen";
import { BASE_PATH, embeddedRoute, serverFormTarget } from "./listener-paths";
import { errorReply, jsonReply, type Reply } from "./reply";
import { readBody } from "./request";
import { resolveRoute, runRoute } from "./routes";
import { SystemState } from "./state";
import { writeStateDir } from "./state-dir";
import type { Fault, SimKey, SimSystemInfo, Simulator, SimulatorOptions } from "./types";

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

class RunningSimulator implements Simulator, ControlTarget {
  systems: SimSystemInfo[] = [];
  serverFormBaseUrl?: string;
  controlUrl = "";
  readonly certificatePem: string;
  readonly sha256Fingerprint: string;
  private readonly states = new Map<string, SystemState>();
  private readonly servers: Server[] = [];
  private readonly connections = new ConnectionTracker();
  private readonly closing = new AbortController();
  private closed?: Promise<void>;

  constructor(
    private readonly options: SimulatorOptions,
    private readonly certificate: SimulatorCertificate | undefined,
  ) {
    const now = options.now ?? Date.now;
    for (const config of options.systems) {
      const state = new SystemState(config, now);
      if (this.states.has(state.storageDeviceId)) {
        throw new Error(`Two systems share the storageDeviceId ${state.storageDeviceId}`);
      }
      this.states.set(state.storageDeviceId, state);
    }
    this.certificatePem = certificate?.certPem ?? "";
    this.sha256Fingerprint = certificate?.sha256Fingerprint ?? "";
  }

  async start(): Promise<void> {
    const host = this.options.host ?? "127.0.0.1";
    const origin = (port: number) => `${this.certificate ? "https" : "http"}://${urlHost(host)}:${port}`;
    let index = 0;
    for (const state of this.states.values()) {
      const port = await this.listenApi(this.embeddedHandler(state), this.options.ports?.[index] ?? 0, host);
      this.systems.push({
        storageDeviceId: state.storageDeviceId,
        model: state.config.model,
        serialNumber: state.config.serialNumber,
        microcode: state.config.microcode,
        baseUrl: `${origin(port)}${BASE_PATH}`,
        users: state.users.map((user) => ({ ...user })),
      });
      index++;
    }
    if (this.options.serverForm ?? true) {
      const port = await this.listenApi(this.serverFormHandler(), this.options.serverFormPort ?? 0, host);
      this.serverFormBaseUrl = `${origin(port)}${BASE_PATH}`;
    }
    const control = createControlServer(this);
    this.connections.track(control);
    this.servers.push(control);
    const controlPort = await listen(control, this.options.controlPort ?? 0, "127.0.0.1");
    this.controlUrl = `http://127.0.0.1:${controlPort}`;
  }

  private async listenApi(handler: RequestHandler, port: number, host: string): Promise<number> {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      handler(req, res).catch((error: unknown) => {
        this.options.log?.(`internal error: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" }).end("{}");
        else res.destroy();
      });
    };
    const server = this.certificate
      ? createHttpsServer({ cert: this.certificate.certPem, key: this.certificate.keyPem }, onRequest)
      : createHttpServer(onRequest);
    this.connections.track(server);
    this.servers.push(server);
    return listen(server, port, host);
  }

  private embeddedHandler(state: SystemState): RequestHandler {
    return async (req, res) => {
      const url = new URL(req.url ?? "/", "http://simulator");
      this.logWhenDone(state.storageDeviceId, req, res, url.pathname);
      const route = embeddedRoute(url.pathname);
      if (route === undefined) return this.send(res, errorReply(errors.notFound(), url.pathname), url.pathname);
      await this.serveSystem(state, req, res, route, url);
    };
  }

  private serverFormHandler(): RequestHandler {
    return async (req, res) => {
      const url = new URL(req.url ?? "/", "http://simulator");
      const path = url.pathname;
      this.logWhenDone("server-form", req, res, path);
      const target = serverFormTarget(path);
      const state = target.kind === "system" ? this.states.get(target.storageDeviceId) : undefined;
      if (target.kind === "system" && state) return this.serveSystem(state, req, res, target.route, url);
      if (target.kind === "version" || target.kind === "storages") {
        if (req.method !== "GET") return this.send(res, errorReply(errors.methodNotAllowed(["GET"]), path), path);
        const body = target.kind === "version" ? API_VERSION : { data: [...this.states.values()].map(storageIdentity) };
        return this.send(res, jsonReply(200, body), path);
      }
      return this.send(res, errorReply(errors.notFound(), path), path);
    };
  }

  /** Routing, the fault this request meets, authentication, the handler, and sending. */
  private async serveSystem(state: SystemState, req: IncomingMessage, res: ServerResponse, route: string, url: URL) {
    const errorSource = url.pathname;
    let reply: Reply;
    let fault: Fault | undefined;
    try {
      const resolved = resolveRoute(route, req.method ?? "GET");
      if (resolved.faultPoint !== "in-handler") fault = state.faults.take(resolved.faultPoint);
      if (faultPreemptsHandler(fault)) {
        reply = { status: 200, headers: {}, body: Buffer.alloc(0) };
      } else {
        const body = await readBody(req);
        reply = runRoute(resolved, { state, req, route, query: url.searchParams, body });
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      reply = errorReply(error, errorSource);
    }
    await this.send(res, fault ? { ...reply, fault } : reply, errorSource);
  }

  private send(res: ServerResponse, reply: Reply, errorSource: string): Promise<void> {
    const context: DeliveryContext = {
      signal: this.closing.signal,
      resetConnection: (socket: Socket) => this.connections.reset(socket),
      errorSource,
    };
    return deliver(res, reply, context);
  }

  private logWhenDone(system: string, req: IncomingMessage, res: ServerResponse, path: string): void {
    const log = this.options.log;
    if (!log) return;
    // Only the method, the path and the status: headers and bodies carry tokens and passwords.
    res.once("close", () => {
      const outcome = res.writableFinished ? String(res.statusCode) : `${res.statusCode} (connection ended early)`;
      log(`${system} ${req.method ?? "?"} ${path} ${outcome}`);
    });
  }

  state(storageDeviceId: string): SystemState | undefined {
    return this.states.get(storageDeviceId);
  }

  private requireState(storageDeviceId: string): SystemState {
    const state = this.states.get(storageDeviceId);
    if (!state) throw new Error(`No simulated system with storageDeviceId ${storageDeviceId}`);
    return state;
  }

  openSessions(storageDeviceId: string): number {
    return this.requireState(storageDeviceId).openSessionCount();
  }

  setFault(storageDeviceId: string, fault: Fault): void {
    this.requireState(storageDeviceId).faults.add(fault);
  }

  clearFaults(storageDeviceId?: string): void {
    if (storageDeviceId !== undefined) this.requireState(storageDeviceId).faults.clear();
    else for (const state of this.states.values()) state.faults.clear();
  }

  addKeys(storageDeviceId: string, count: number): void {
    this.requireState(storageDeviceId).addKeys(count);
  }

  listKeys(storageDeviceId: string): SimKey[] {
    return this.requireState(storageDeviceId).listKeys();
  }

  lockedBy(storageDeviceId: string): number[] {
    return this.requireState(storageDeviceId).lockHolders();
  }

  resetAll(): void {
    for (const state of this.states.values()) state.reset();
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing.abort();
      const closing = this.servers.map(closeServer);
      this.connections.destroyAll();
      await Promise.all(closing);
    })();
    return this.closed;
  }
}

/** Starts every listener of the simulated fleet. Importing this module starts nothing. */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  // A wildcard listen address is no name a client can connect to, so it stays out of the SANs.
  const listenName = host === "0.0.0.0" || host === "::" ? [] : [host];
  // The certificate takes the real clock: an injected test clock must not make it invalid for TLS.
  const certificate =
    (options.tls ?? true)
      ? await createCertificate({
          keyType: options.certificateKeyType,
          extraHostnames: [...(options.extraHostnames ?? []), ...listenName],
        })
      : undefined;
  const simulator = new RunningSimulator(options, certificate);
  try {
    await simulator.start();
    if (options.stateDir) {
      await writeStateDir(options.stateDir, certificate, {
        ...systemsDocument(simulator),
        controlUrl: simulator.controlUrl,
      });
    }
  } catch (error) {
    await simulator.close();
    throw error;
  }
  return simulator;
}
