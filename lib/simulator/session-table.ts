import "server-only";

import { randomBytes, timingSafeEqual } from "node:crypto";

import { errors } from "./errors";
import type { SimUser } from "./types";

export const MAX_SESSIONS = 64;
export const DEFAULT_ALIVE_TIME_SECONDS = 300;

export interface Session {
  sessionId: number;
  token: string;
  user: SimUser;
  ipAddress: string;
  createdMs: number;
  lastAccessedMs: number;
  aliveTimeMs: number;
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The sessions one REST server keeps: each controller's (CTL1, CTL2) and the REST API server's
 * are separate, so a token is known only where it was made. At most MAX_SESSIONS each.
 */
export class SessionTable {
  private readonly sessions = new Map<number, Session>();
  private nextSessionId = 1;

  constructor(
    /** "CTL1", "CTL2" or "server-form". */
    readonly name: string,
    private readonly now: () => number,
    /** Called for every session that ends (discarded, expired, cleared), to release its locks. */
    private readonly onEnd: (session: Session) => void,
    /** Called for every session created, once it is in the table. */
    private readonly onCreate: (session: Session) => void = () => {},
  ) {}

  /** Throws the 503 session-limit error when the table is full. */
  create(user: SimUser, ipAddress: string, aliveTimeSeconds = DEFAULT_ALIVE_TIME_SECONDS): Session {
    this.dropExpired();
    if (this.sessions.size >= MAX_SESSIONS) throw errors.sessionLimit(MAX_SESSIONS);
    const now = this.now();
    const session: Session = {
      sessionId: this.nextSessionId++,
      token: randomBytes(16).toString("hex"),
      user,
      ipAddress,
      createdMs: now,
      lastAccessedMs: now,
      aliveTimeMs: aliveTimeSeconds * 1000,
    };
    this.sessions.set(session.sessionId, session);
    this.onCreate(session);
    return session;
  }

  /** The live session for a token, marked as used now; undefined for unknown or expired tokens. */
  use(token: string): Session | undefined {
    this.dropExpired();
    for (const session of this.sessions.values()) {
      if (sameSecret(session.token, token)) {
        session.lastAccessedMs = this.now();
        return session;
      }
    }
    return undefined;
  }

  get(sessionId: number): Session | undefined {
    this.dropExpired();
    return this.sessions.get(sessionId);
  }

  list(): Session[] {
    this.dropExpired();
    return [...this.sessions.values()];
  }

  discard(sessionId: number): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    this.sessions.delete(sessionId);
    this.onEnd(session);
    return true;
  }

  clear(): void {
    for (const sessionId of [...this.sessions.keys()]) this.discard(sessionId);
  }

  // Expiry is an idle timeout, checked lazily whenever the table is consulted.
  dropExpired(): void {
    const now = this.now();
    for (const session of [...this.sessions.values()]) {
      if (now - session.lastAccessedMs >= session.aliveTimeMs) this.discard(session.sessionId);
    }
  }
}
