import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { AppError } from "@/lib/errors";
import { captureLogs } from "@/lib/test-support/auth";

import {
  beginTransfer,
  handleShutdownSignals,
  isShutdownReason,
  shutdownReason,
  TransferRegistry,
  transferRegistry,
  type SignalProcess,
} from "./shutdown";

const holder = globalThis as { __keyBackupPortalTransfers?: unknown };

/** A stand-in for `process`: real listeners, an exit that only records its code. */
class FakeProcess extends EventEmitter implements SignalProcess {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
  override listeners(signal: NodeJS.Signals) {
    return super.listeners(signal) as ((signal: NodeJS.Signals) => void)[];
  }
}

/** A transfer that ends when its signal aborts, as runBackup's does once its row and session are settled. */
function endsOnAbort(registry: TransferRegistry) {
  const transfer = registry.tryBegin()!;
  transfer.signal.addEventListener("abort", () => setImmediate(transfer.end));
  return transfer;
}

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => {
  logs.restore();
  delete holder.__keyBackupPortalTransfers;
});

describe("TransferRegistry", () => {
  it("lets a transfer that ends within the grace period finish, unaborted", async () => {
    const registry = new TransferRegistry();
    const transfer = registry.tryBegin()!;
    expect(registry.size).toBe(1);
    const drained = registry.drain(60_000);
    transfer.end();
    await expect(drained).resolves.toEqual({ finished: 1, aborted: 0, unsettled: 0 });
    expect(transfer.signal.aborted).toBe(false);
    expect(registry.size).toBe(0);
  });

  it("aborts what is still running when the grace period is over, with a shutdown reason, and waits for it", async () => {
    const registry = new TransferRegistry();
    const quick = registry.tryBegin()!;
    const slow = endsOnAbort(registry);
    quick.end();
    await expect(registry.drain(20)).resolves.toEqual({ finished: 0, aborted: 1, unsettled: 0 });
    expect(slow.signal.aborted).toBe(true);
    expect(isShutdownReason(slow.signal.reason)).toBe(true);
    expect(quick.signal.aborted).toBe(false);
    expect(logs.text()).toContain('"event":"shutdown.aborting"');
  });

  it("reports an aborted transfer that did not end within the wait", async () => {
    const registry = new TransferRegistry();
    const stuck = registry.tryBegin()!;
    await expect(registry.drain(10, 10)).resolves.toEqual({ finished: 0, aborted: 1, unsettled: 1 });
    expect(stuck.signal.aborted).toBe(true);
  });

  it("starts nothing once draining; end may be called twice", async () => {
    const registry = new TransferRegistry();
    const transfer = registry.tryBegin()!;
    transfer.end();
    transfer.end();
    expect(registry.size).toBe(0);
    await registry.drain(0);
    expect(registry.isDraining).toBe(true);
    expect(registry.tryBegin()).toBeUndefined();
  });

  it("passes the caller's abort on with the caller's reason, which is no shutdown", () => {
    const registry = new TransferRegistry();
    const caller = new AbortController();
    const transfer = registry.tryBegin(caller.signal)!;
    caller.abort(new Error("the browser left"));
    expect(transfer.signal.aborted).toBe(true);
    expect(isShutdownReason(transfer.signal.reason)).toBe(false);
    expect(registry.tryBegin(AbortSignal.abort())!.signal.aborted).toBe(true);
  });
});

describe("beginTransfer", () => {
  it("answers SHUTTING_DOWN (503) once the process's registry drains", async () => {
    beginTransfer().end();
    await transferRegistry().drain(0);
    let thrown: unknown;
    try {
      beginTransfer();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("SHUTTING_DOWN");
    expect((thrown as AppError).status).toBe(503);
    expect((thrown as AppError).message).toMatch(/shutting down.*Try again/);
  });

  it("shares its state and its abort reason with another copy of the module, as Next.js bundles make", async () => {
    vi.resetModules();
    const copy = await import("./shutdown");
    expect(copy.transferRegistry).not.toBe(transferRegistry);
    expect(copy.transferRegistry()).toBe(transferRegistry());
    expect(isShutdownReason(copy.shutdownReason())).toBe(true);
    expect(copy.isShutdownReason(shutdownReason())).toBe(true);
    expect(isShutdownReason(new Error("The portal is shutting down"))).toBe(false);
  });
});

describe("handleShutdownSignals", () => {
  it("defers the handlers already there (next start's) until the backups are drained, then calls them", async () => {
    const proc = new FakeProcess();
    const order: string[] = [];
    const nextHandler = vi.fn((signal: NodeJS.Signals) => order.push(`next ${signal}`));
    proc.on("SIGTERM", nextHandler);
    const registry = new TransferRegistry();
    const transfer = registry.tryBegin()!;
    const shutdown = handleShutdownSignals({ graceMs: 60_000, registry, proc });

    proc.emit("SIGTERM", "SIGTERM");
    await new Promise((resolve) => setImmediate(resolve));
    expect(nextHandler).not.toHaveBeenCalled();
    expect(registry.tryBegin()).toBeUndefined();
    order.push("transfer ended");
    transfer.end();
    await shutdown("SIGTERM");

    expect(order).toEqual(["transfer ended", "next SIGTERM"]);
    expect(proc.exits).toEqual([]);
    const events = logs.lines.map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(["shutdown.started", "shutdown.drained"]);
  });

  it("exits by itself, 143 on SIGTERM, when no handler was there (NEXT_MANUAL_SIG_HANDLE)", async () => {
    const proc = new FakeProcess();
    const registry = new TransferRegistry();
    endsOnAbort(registry);
    const shutdown = handleShutdownSignals({ graceMs: 10, registry, proc });
    proc.emit("SIGTERM", "SIGTERM");
    proc.emit("SIGINT", "SIGINT");
    await shutdown("SIGTERM");
    expect(proc.exits).toEqual([143]);
    expect(registry.size).toBe(0);
  });

  it("exits 130 on SIGINT", async () => {
    const proc = new FakeProcess();
    const shutdown = handleShutdownSignals({ graceMs: 10, registry: new TransferRegistry(), proc });
    await shutdown("SIGINT");
    expect(proc.exits).toEqual([130]);
  });
});
