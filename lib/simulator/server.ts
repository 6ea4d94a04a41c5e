import "server-only";

import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";

import { embeddedHandler, serverFormHandler, type ListenerContext, type RequestHandler } from "./api-listener";
import { createCertificate, type SimulatorCertificate } from "./certificate";
import { ConnectionTracker } from "./connections";
import { createControlServer, systemsDocument, type ControlTarget } from "./control";
import { closeServer, listen, urlHost } from "./listen";
import { BASE_PATH } from "./listener-paths";
import { SystemState } from "./state";
import { writeStateDir } from "./state-dir";
import type { Fault, SimKey, SimSystemInfo, SimSystemSettings, Simulator, SimulatorOptions } from "./types";

class RunningSimulator implements Simulator, ControlTarget {
  systems: SimSystemInfo[] = [];
  serverFormBaseUrl?: string;
  controlUrl = "";
  readonly certificatePem: string;
  readonly sha256Fingerprint: string;
  private readonly states = new Map<string, SystemState>();
  private readonly servers: Server[] = [];
  private readonly connections = new ConnectionTracker();
  private readonly accepted = new Map<string, number>();
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
    const context: ListenerContext = {
      signal: this.closing.signal,
      connections: this.connections,
      log: this.options.log,
    };
    let index = 0;
    for (const state of this.states.values()) {
      const controllerBaseUrls: string[] = [];
      for (const [ctl, table] of state.controllerTables.entries()) {
        // options.ports names CTL1's port; a second controller always gets an ephemeral one.
        const wanted = ctl === 0 ? (this.options.ports?.[index] ?? 0) : 0;
        const port = await this.listenApi(embeddedHandler(context, state, table), wanted, host, state.storageDeviceId);
        controllerBaseUrls.push(`${origin(port)}${BASE_PATH}`);
      }
      this.systems.push({
        storageDeviceId: state.storageDeviceId,
        model: state.config.model,
        serialNumber: state.config.serialNumber,
        microcode: state.config.microcode,
        baseUrl: controllerBaseUrls[0]!,
        controllerBaseUrls,
        users: state.users.map((user) => ({ ...user, roles: [...user.roles] })),
      });
      index++;
    }
    if (this.options.serverForm ?? true) {
      const port = await this.listenApi(
        serverFormHandler(context, this.states),
        this.options.serverFormPort ?? 0,
        host,
      );
      this.serverFormBaseUrl = `${origin(port)}${BASE_PATH}`;
    }
    const control = createControlServer(this);
    this.connections.track(control);
    this.servers.push(control);
    const controlPort = await listen(control, this.options.controlPort ?? 0, "127.0.0.1");
    this.controlUrl = `http://127.0.0.1:${controlPort}`;
  }

  private async listenApi(
    handler: RequestHandler,
    port: number,
    host: string,
    storageDeviceId?: string,
  ): Promise<number> {
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
    if (storageDeviceId !== undefined) {
      server.on("connection", () => this.accepted.set(storageDeviceId, (this.accepted.get(storageDeviceId) ?? 0) + 1));
    }
    this.servers.push(server);
    return listen(server, port, host);
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

  connectionsAccepted(storageDeviceId: string): number {
    this.requireState(storageDeviceId);
    return this.accepted.get(storageDeviceId) ?? 0;
  }

  peakOpenSessions(storageDeviceId: string): number {
    return this.requireState(storageDeviceId).peakSessionCount();
  }

  resetPeakOpenSessions(storageDeviceId?: string): void {
    if (storageDeviceId !== undefined) this.requireState(storageDeviceId).resetPeakSessions();
    else for (const state of this.states.values()) state.resetPeakSessions();
  }

  settings(storageDeviceId: string): Required<SimSystemSettings> {
    return this.requireState(storageDeviceId).settings;
  }

  updateSettings(storageDeviceId: string, settings: SimSystemSettings): void {
    this.requireState(storageDeviceId).updateSettings(settings);
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
      ? (options.certificate ??
        (await createCertificate({
          keyType: options.certificateKeyType,
          extraHostnames: [...(options.extraHostnames ?? []), ...listenName],
        })))
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
