import "server-only";

import { AppError, errorMessage } from "@/lib/errors";
import { logger } from "@/lib/log";

/*
 * Stopping the portal without leaving storage sessions or "running" rows behind. Every backup is
 * registered from its start until its row is final and its storage session discarded. On SIGTERM
 * or SIGINT no new backup starts, the running ones get a grace period to finish, the rest are
 * aborted (their rows say "interrupted", their sessions are discarded), and only then does the
 * process exit.
 *
 * The state lives on globalThis: Next.js bundles instrumentation.ts and each route separately, so
 * this module can be evaluated more than once in one process. For the same reason no class
 * identity crosses that line: an abort reason is recognised by a registered symbol, and the
 * AppErrors are made by whichever copy of the module the caller imported.
 */

const SHUTDOWN_REASON = Symbol.for("key-backup-portal.shutdown");

/** The abort reason of a backup stopped because the portal is shutting down. */
export function shutdownReason(): Error {
  return Object.assign(new Error("The portal is shutting down"), { name: "PortalShutdown", [SHUTDOWN_REASON]: true });
}

export function isShutdownReason(reason: unknown): boolean {
  return typeof reason === "object" && reason !== null && SHUTDOWN_REASON in reason;
}

/** The answer to a backup asked for while the portal is shutting down. */
export function shuttingDown(): AppError {
  return new AppError(
    "SHUTTING_DOWN",
    "This portal instance is shutting down, so it starts no new backup. Try again in a moment, once it has restarted, or on another instance.",
  );
}

/** The answer to a backup the shutdown stopped before its download started. */
export function stoppedByShutdown(): AppError {
  return new AppError(
    "SHUTTING_DOWN",
    "The portal shut down before the download started, so it stopped the backup and discarded its storage session. Nothing was saved; run the backup again in a moment, or on another instance.",
  );
}

export interface Transfer {
  /** Aborts when the caller's signal does, or with shutdownReason() once the grace period is over. */
  readonly signal: AbortSignal;
  /** Its row is final and its storage session discarded. Safe to call more than once. */
  end(): void;
}

export interface DrainResult {
  /** Finished within the grace period. */
  finished: number;
  /** Aborted when it ran out. */
  aborted: number;
  /** Aborted, yet not ended within the wait for the aborts (their rows are recovered at the next start). */
  unsettled: number;
}

interface Entry {
  controller: AbortController;
  done: Promise<void>;
}

/** Waits for `promise` at most `ms`; true if it settled in time. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long the aborted transfers get to write their rows and discard their sessions (two discard attempts of 10 s). */
export const ABORT_WAIT_MS = 25_000;

/** The backups running in this process. */
export class TransferRegistry {
  private readonly active = new Set<Entry>();
  private draining = false;

  get size(): number {
    return this.active.size;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** A new transfer, or undefined once draining has begun. */
  tryBegin(callerSignal?: AbortSignal): Transfer | undefined {
    if (this.draining) return undefined;
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    let resolveDone!: () => void;
    const entry: Entry = { controller, done: new Promise<void>((resolve) => (resolveDone = resolve)) };
    this.active.add(entry);
    return {
      signal: controller.signal,
      end: () => {
        callerSignal?.removeEventListener("abort", onCallerAbort);
        this.active.delete(entry);
        resolveDone();
      },
    };
  }

  /**
   * Refuses new transfers from now on, gives the running ones `graceMs` to end, then aborts the
   * rest and waits up to `abortWaitMs` for them to end.
   */
  async drain(graceMs: number, abortWaitMs = ABORT_WAIT_MS): Promise<DrainResult> {
    this.draining = true;
    const running = [...this.active];
    await within(Promise.all(running.map((entry) => entry.done)), graceMs);
    const left = [...this.active];
    if (left.length > 0) {
      logger.warn(
        { event: "shutdown.aborting", backups: left.length, graceSeconds: graceMs / 1000 },
        "the grace period is over: stopping the backups still running and discarding their storage sessions",
      );
      for (const entry of left) entry.controller.abort(shutdownReason());
      await within(Promise.all(left.map((entry) => entry.done)), abortWaitMs);
    }
    return { finished: running.length - left.length, aborted: left.length, unsettled: this.active.size };
  }
}

const holder = globalThis as typeof globalThis & {
  __keyBackupPortalTransfers?: TransferRegistry;
  __keyBackupPortalShutdownHandlers?: boolean;
};

export function transferRegistry(): TransferRegistry {
  holder.__keyBackupPortalTransfers ??= new TransferRegistry();
  return holder.__keyBackupPortalTransfers;
}

/** Registers a backup for the shutdown; throws SHUTTING_DOWN (503) once the portal is shutting down. */
export function beginTransfer(callerSignal?: AbortSignal): Transfer {
  const transfer = transferRegistry().tryBegin(callerSignal);
  if (!transfer) throw shuttingDown();
  return transfer;
}

type SignalListener = (signal: NodeJS.Signals) => void;

/** The part of `process` the handlers use, so a test can hand in its own. */
export interface SignalProcess {
  listeners(signal: NodeJS.Signals): SignalListener[];
  removeListener(signal: NodeJS.Signals, listener: SignalListener): unknown;
  on(signal: NodeJS.Signals, listener: SignalListener): unknown;
  exit(code: number): void;
}

export const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT"] as const;
/** 128 + the signal's number, what Next.js (and a shell) report for a process ended by it. */
const EXIT_CODES: Record<(typeof SHUTDOWN_SIGNALS)[number], number> = { SIGTERM: 143, SIGINT: 130 };
/** After handing over to Next.js's own handler: its exit, or ours if it has not come by then. */
const HANDOVER_EXIT_MS = 10_000;

export interface ShutdownOptions {
  graceMs: number;
  registry?: TransferRegistry;
  proc?: SignalProcess;
  abortWaitMs?: number;
}

/**
 * Takes SIGTERM and SIGINT. `next start` has registered its own handler by the time
 * instrumentation runs (unless NEXT_MANUAL_SIG_HANDLE is set, which it reads before loading
 * next.config or instrumentation): it stops accepting connections at once, so a new backup meets
 * a refused connection instead of a 503, waits without limit for open responses, then exits
 * 143 / 130. So its handlers are taken off and called once the backups are drained (Next.js then
 * closes the server and exits); with none, the process exits here. Returns the shutdown as it
 * runs, for tests; a second signal during it is ignored.
 */
export function handleShutdownSignals(options: ShutdownOptions): (signal: NodeJS.Signals) => Promise<void> {
  const { graceMs, registry = transferRegistry(), proc = process } = options;
  const deferred = new Map<NodeJS.Signals, SignalListener[]>();
  let stopping: Promise<void> | undefined;

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    logger.info(
      { event: "shutdown.started", signal, backups: registry.size, graceSeconds: graceMs / 1000 },
      "shutting down: no new backups; running ones may finish within the grace period",
    );
    const result = await registry.drain(graceMs, options.abortWaitMs);
    const handlers = deferred.get(signal) ?? [];
    logger.info(
      { event: "shutdown.drained", signal, ...result, handover: handlers.length > 0 },
      "backups drained; the process exits",
    );
    const code = EXIT_CODES[signal as keyof typeof EXIT_CODES] ?? 128;
    if (handlers.length === 0) return proc.exit(code);
    for (const handler of handlers) handler(signal);
    setTimeout(() => proc.exit(code), HANDOVER_EXIT_MS).unref();
  };

  const onSignal: SignalListener = (signal) => {
    if (stopping) return;
    stopping = shutdown(signal).catch((error: unknown) => {
      logger.error({ event: "shutdown.failed", err: { message: errorMessage(error) } }, "shutdown failed; exiting");
      proc.exit(EXIT_CODES[signal as keyof typeof EXIT_CODES] ?? 128);
    });
  };

  for (const signal of SHUTDOWN_SIGNALS) {
    const existing = proc.listeners(signal);
    for (const listener of existing) proc.removeListener(signal, listener);
    deferred.set(signal, existing);
    proc.on(signal, onSignal);
  }
  return (signal) => {
    onSignal(signal);
    return stopping!;
  };
}

/** For start-up: installs the handlers once per process (a dev reload runs instrumentation again). */
export function installShutdownHandlers(options: ShutdownOptions): void {
  if (holder.__keyBackupPortalShutdownHandlers) return;
  holder.__keyBackupPortalShutdownHandlers = true;
  handleShutdownSignals(options);
}
