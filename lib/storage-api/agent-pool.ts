import "server-only";

import { createHash } from "node:crypto";
import type { Agent } from "undici";

import type { StorageTimeouts, StorageTrust } from "./target";

/** A conversation's hold on a pooled Agent. Release it once the conversation is over; twice does nothing. */
export interface AgentLease {
  readonly dispatcher: Agent;
  release(): void;
}

export interface AgentSpec {
  /** `https://host:port` (or `http://` for a lab's plain HTTP system). */
  origin: string;
  trust: StorageTrust;
  timeouts: StorageTimeouts;
  /** Builds the Agent for this spec; called once per pooled Agent. */
  create(): Agent;
}

/** An unused Agent (its keep-alive connections too) is closed after this long. */
export const AGENT_IDLE_CLOSE_MS = 60_000;

interface Entry {
  key: string;
  origin: string;
  trustKey: string;
  agent: Agent;
  leases: number;
  retired: boolean;
  idleTimer?: ReturnType<typeof setTimeout>;
}

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

function trustKeyOf(trust: StorageTrust): string {
  switch (trust.kind) {
    case "ca":
      return digest(["ca", trust.caCertificatePem]);
    case "pin":
      return digest(["pin", trust.sha256Fingerprint, trust.certificatePem]);
    case "system":
      return digest(["system"]);
  }
}

/**
 * The storage client's connections, kept between conversations so that the backups of one system
 * share a TLS connection instead of each making a new one. One Agent per origin + trust +
 * timeouts: a connection is only ever reused under the trust it was verified with when it was
 * made. An origin's Agents of any other trust are retired the moment a new trust is asked for
 * (and by `closeOrigin`): none is handed out again, and each is destroyed as soon as the
 * conversations still on it end, so they end as they began, under the trust they began with.
 */
export class AgentPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly idleCloseMs = AGENT_IDLE_CLOSE_MS) {}

  lease(spec: AgentSpec): AgentLease {
    const trustKey = trustKeyOf(spec.trust);
    const key = digest([
      spec.origin,
      trustKey,
      spec.timeouts.connectMs,
      spec.timeouts.headersMs,
      spec.timeouts.bodyIdleMs,
    ]);
    for (const entry of this.entries.values()) {
      if (entry.origin === spec.origin && entry.trustKey !== trustKey) void this.retire(entry);
    }
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, origin: spec.origin, trustKey, agent: spec.create(), leases: 0, retired: false };
      this.entries.set(key, entry);
    }
    const held = entry;
    held.leases++;
    clearTimeout(held.idleTimer);
    let released = false;
    return {
      dispatcher: held.agent,
      release: () => {
        if (released) return;
        released = true;
        held.leases--;
        if (held.leases > 0) return;
        if (held.retired) void this.destroy(held);
        else this.closeWhenIdle(held);
      },
    };
  }

  /** Retires every Agent of `origin` (a base URL's origin); resolves once the unused ones are destroyed. */
  async closeOrigin(origin: string): Promise<void> {
    const closing = [...this.entries.values()].filter((entry) => entry.origin === origin).map((e) => this.retire(e));
    await Promise.all(closing);
  }

  /** How many Agents are pooled for `origin` (retired ones not counted); for tests. */
  size(origin?: string): number {
    return [...this.entries.values()].filter((entry) => origin === undefined || entry.origin === origin).length;
  }

  private retire(entry: Entry): Promise<void> {
    this.entries.delete(entry.key);
    entry.retired = true;
    clearTimeout(entry.idleTimer);
    return entry.leases === 0 ? this.destroy(entry) : Promise.resolve();
  }

  private closeWhenIdle(entry: Entry): void {
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      if (entry.leases === 0 && this.entries.get(entry.key) === entry) void this.retire(entry);
    }, this.idleCloseMs);
    entry.idleTimer.unref?.();
  }

  private async destroy(entry: Entry): Promise<void> {
    await entry.agent.destroy().catch(() => {});
  }
}

// On globalThis, so that every copy of this module (a Next.js dev reload, one per route bundle)
// shares one pool, and closing a system's connections reaches the Agents the backups use.
const holder = globalThis as typeof globalThis & { __keyBackupPortalStorageAgents?: AgentPool };

/** The process-wide pool StorageClient takes its connections from. */
export function storageAgents(): AgentPool {
  holder.__keyBackupPortalStorageAgents ??= new AgentPool();
  return holder.__keyBackupPortalStorageAgents;
}

/**
 * Closes the pooled connections to a storage system's base URL (its origin): for when its trust
 * or address changes, or it is removed. Conversations still running finish on theirs first.
 */
export async function closeStorageConnections(baseUrl: string): Promise<void> {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    return;
  }
  await storageAgents().closeOrigin(origin);
}
