import type { Agent } from "undici";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { AGENT_IDLE_CLOSE_MS, AgentPool, type AgentSpec } from "./agent-pool";
import { DEFAULT_TIMEOUTS, type StorageTrust } from "./target";

const ORIGIN = "https://192.0.2.10";
const PIN_A: StorageTrust = { kind: "pin", sha256Fingerprint: "AA:01", certificatePem: "cert A" };
const PIN_B: StorageTrust = { kind: "pin", sha256Fingerprint: "BB:02", certificatePem: "cert B" };

interface FakeAgent {
  name: string;
  destroy: ReturnType<typeof vi.fn>;
}

let made: FakeAgent[];

function spec(trust: StorageTrust, extra: Partial<AgentSpec> = {}): AgentSpec {
  return {
    origin: ORIGIN,
    trust,
    timeouts: DEFAULT_TIMEOUTS,
    create: () => {
      const agent = { name: `agent ${made.length + 1}`, destroy: vi.fn(async () => {}) };
      made.push(agent);
      return agent as unknown as Agent;
    },
    ...extra,
  };
}

const destroyed = () => made.filter((agent) => agent.destroy.mock.calls.length > 0).map((agent) => agent.name);

beforeEach(() => {
  made = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("AgentPool", () => {
  it("hands the same Agent to every conversation with the same origin, trust and timeouts", () => {
    const pool = new AgentPool();
    const first = pool.lease(spec(PIN_A));
    first.release();
    const second = pool.lease(spec(PIN_A));
    const third = pool.lease(spec(PIN_A));
    expect(second.dispatcher).toBe(first.dispatcher);
    expect(third.dispatcher).toBe(first.dispatcher);
    expect(made).toHaveLength(1);
    // Other timeouts get an Agent of their own, and the first one stays.
    const slow = pool.lease(spec(PIN_A, { timeouts: { ...DEFAULT_TIMEOUTS, headersMs: 1 } }));
    expect(slow.dispatcher).not.toBe(first.dispatcher);
    // Another origin too.
    expect(pool.lease(spec(PIN_A, { origin: "https://192.0.2.11" })).dispatcher).not.toBe(first.dispatcher);
    expect(pool.size(ORIGIN)).toBe(2);
    expect(destroyed()).toEqual([]);
  });

  it("never hands out an Agent made for another trust, and destroys an unused one at once", () => {
    const pool = new AgentPool();
    pool.lease(spec(PIN_A)).release();
    const other = pool.lease(spec(PIN_B));
    expect(other.dispatcher).not.toBe(made[0]);
    expect(destroyed()).toEqual(["agent 1"]);
    // Back to the first trust: a new Agent, so new connections, verified against it again.
    other.release();
    pool.lease(spec(PIN_A));
    expect(made).toHaveLength(3);
    expect(destroyed()).toEqual(["agent 1", "agent 2"]);
    // The CA form is another trust as well, and so is another certificate under the same fingerprint.
    pool.lease(spec({ kind: "pin", sha256Fingerprint: "AA:01", certificatePem: "cert A, re-issued" }));
    expect(made).toHaveLength(4);
  });

  it("lets a conversation still running on a retired Agent finish, and destroys the Agent when it ends", async () => {
    const pool = new AgentPool();
    const running = pool.lease(spec(PIN_A));
    const newTrust = pool.lease(spec(PIN_B));
    expect(destroyed()).toEqual([]);
    // A third conversation under the old trust does not join the retired Agent.
    const again = pool.lease(spec(PIN_A));
    expect(again.dispatcher).not.toBe(running.dispatcher);
    expect(destroyed()).toEqual([]);
    running.release();
    expect(destroyed()).toEqual(["agent 1"]);
    newTrust.release();
    expect(destroyed()).toEqual(["agent 1", "agent 2"]);
    again.release();
    await pool.closeOrigin(ORIGIN);
    expect(destroyed()).toEqual(["agent 1", "agent 2", "agent 3"]);
    expect(pool.size()).toBe(0);
  });

  it("closes an origin's Agents on request, and no other origin's", async () => {
    const pool = new AgentPool();
    pool.lease(spec(PIN_A)).release();
    const elsewhere = pool.lease(spec(PIN_A, { origin: "https://192.0.2.11" }));
    await pool.closeOrigin(ORIGIN);
    expect(destroyed()).toEqual(["agent 1"]);
    expect(pool.size(ORIGIN)).toBe(0);
    expect(pool.size("https://192.0.2.11")).toBe(1);
    expect(pool.lease(spec(PIN_A)).dispatcher).not.toBe(made[0]);
    elsewhere.release();
  });

  it("closes an Agent once nobody has used it for a while, and not while it is leased", () => {
    const pool = new AgentPool();
    const lease = pool.lease(spec(PIN_A));
    vi.advanceTimersByTime(AGENT_IDLE_CLOSE_MS * 2);
    expect(destroyed()).toEqual([]);
    lease.release();
    vi.advanceTimersByTime(AGENT_IDLE_CLOSE_MS - 1);
    // Leased again just in time: the idle clock starts over at the next release.
    pool.lease(spec(PIN_A)).release();
    vi.advanceTimersByTime(AGENT_IDLE_CLOSE_MS - 1);
    expect(destroyed()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(destroyed()).toEqual(["agent 1"]);
    expect(pool.size()).toBe(0);
  });

  it("counts a release once, however often it is called", () => {
    const pool = new AgentPool();
    const first = pool.lease(spec(PIN_A));
    const second = pool.lease(spec(PIN_A));
    first.release();
    first.release();
    pool.lease(spec(PIN_B));
    // `second` still holds the retired Agent.
    expect(destroyed()).toEqual([]);
    second.release();
    expect(destroyed()).toEqual(["agent 1"]);
  });
});
