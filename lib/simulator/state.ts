import "server-only";

import { randomBytes, timingSafeEqual } from "node:crypto";

import { DEFAULT_USERS } from "./default-systems";
import { errors } from "./errors";
import { FaultQueue } from "./faults";
import { supportsKeyBackup } from "./microcode";
import { storageDeviceIdFor } from "./storage-device-id";
import type { SimKey, SimSystemConfig, SimUser } from "./types";

export const MAX_SESSIONS = 64;
export const MAX_KEYS = 4096;
export const DEFAULT_ALIVE_TIME_SECONDS = 300;
const DEFAULT_KEY_COUNT = 32;
// Initial keys get fixed creation times so that a restarted simulator produces the same key file.
const INITIAL_KEYS_CREATED_MS = Date.UTC(2024, 0, 15, 9, 0, 0);

/** "YYYY-MM-DDThh:mm:ssZ", the API's time format. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface Session {
  sessionId: number;
  token: string;
  user: SimUser;
  ipAddress: string;
  createdMs: number;
  lastAccessedMs: number;
  aliveTimeMs: number;
}

export interface Job {
  jobId: number;
  self: string;
  userId: string;
  status: "Completed";
  state: "Succeeded";
  createdTime: string;
  updatedTime: string;
  completedTime: string;
  affectedResources: string[];
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Everything one simulated storage system remembers. Shared by its embedded and server-form listeners. */
export class SystemState {
  readonly storageDeviceId: string;
  readonly users: readonly SimUser[];
  readonly faults = new FaultQueue();
  readonly backupSupported: boolean;
  private readonly keys = new Map<number, SimKey>();
  private readonly sessions = new Map<number, Session>();
  private readonly locks = new Set<number>();
  private readonly jobs = new Map<number, Job>();
  private nextSessionId = 1;
  private nextJobId = 1;

  constructor(
    readonly config: SimSystemConfig,
    readonly now: () => number,
  ) {
    this.storageDeviceId = storageDeviceIdFor(config.model, config.serialNumber);
    this.users = (config.users ?? DEFAULT_USERS).map((user) => ({ ...user }));
    this.backupSupported = supportsKeyBackup(config.microcode);
    const keyCount = config.keyCount ?? DEFAULT_KEY_COUNT;
    if (!Number.isInteger(keyCount) || keyCount < 0 || keyCount > MAX_KEYS) {
      throw new Error(`keyCount must be 0..${MAX_KEYS}`);
    }
    const dekCount = Math.ceil((keyCount * 3) / 4);
    for (let keyId = 0; keyId < keyCount; keyId++) {
      const isDek = keyId < dekCount;
      this.keys.set(keyId, {
        keyId,
        keyType: isDek ? "DEK" : "FREE",
        createdTime: isoSeconds(INITIAL_KEYS_CREATED_MS + keyId * 60_000),
        targetDeviceLocation: isDek
          ? `HDD${String(Math.floor(keyId / 16)).padStart(2, "0")}-${String(keyId % 16).padStart(2, "0")}`
          : "-",
        numOfBackups: 0,
      });
    }
  }

  authenticate(username: string, password: string): SimUser | undefined {
    const user = this.users.find((candidate) => candidate.username === username);
    // Compare the password even for an unknown user name so both cases take the same path.
    const passwordMatches = sameSecret(user?.password ?? "\0", password);
    return user && passwordMatches ? user : undefined;
  }

  /** Throws the 503 "maximum number of sessions" error when the table is full. */
  createSession(user: SimUser, ipAddress: string, aliveTimeSeconds = DEFAULT_ALIVE_TIME_SECONDS): Session {
    this.dropExpiredSessions();
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
    return session;
  }

  /** The live session for a token, marked as used now; undefined for unknown or expired tokens. */
  useSession(token: string): Session | undefined {
    this.dropExpiredSessions();
    for (const session of this.sessions.values()) {
      if (sameSecret(session.token, token)) {
        session.lastAccessedMs = this.now();
        return session;
      }
    }
    return undefined;
  }

  session(sessionId: number): Session | undefined {
    this.dropExpiredSessions();
    return this.sessions.get(sessionId);
  }

  listSessions(): Session[] {
    this.dropExpiredSessions();
    return [...this.sessions.values()];
  }

  openSessionCount(): number {
    this.dropExpiredSessions();
    return this.sessions.size;
  }

  /** Discarding a session also releases the locks it holds, as on the real system. */
  discardSession(sessionId: number): boolean {
    this.locks.delete(sessionId);
    return this.sessions.delete(sessionId);
  }

  // Expiry is an idle timeout, checked lazily whenever the table is consulted.
  private dropExpiredSessions(): void {
    const now = this.now();
    for (const session of this.sessions.values()) {
      if (now - session.lastAccessedMs >= session.aliveTimeMs) this.discardSession(session.sessionId);
    }
  }

  /** Throws 409 KART40050-E when another session holds a lock. */
  lock(sessionId: number): void {
    this.dropExpiredSessions();
    if ([...this.locks].some((holder) => holder !== sessionId)) throw errors.lockHeldByOther();
    this.locks.add(sessionId);
  }

  unlock(sessionId: number): void {
    this.locks.delete(sessionId);
  }

  lockHolders(): number[] {
    this.dropExpiredSessions();
    return [...this.locks];
  }

  listKeys(): SimKey[] {
    return [...this.keys.values()].sort((a, b) => a.keyId - b.keyId).map((key) => ({ ...key }));
  }

  key(keyId: number): SimKey | undefined {
    const key = this.keys.get(keyId);
    return key ? { ...key } : undefined;
  }

  /** New keys are free keys created now. Throws a 400 when the total would pass MAX_KEYS. */
  addKeys(count: number): SimKey[] {
    if (!Number.isInteger(count) || count < 1) throw errors.invalidValue("count must be a positive integer");
    if (this.keys.size + count > MAX_KEYS) throw errors.tooManyKeys(MAX_KEYS);
    const createdTime = isoSeconds(this.now());
    const added: SimKey[] = [];
    let keyId = 0;
    while (added.length < count) {
      if (!this.keys.has(keyId)) {
        const key: SimKey = { keyId, keyType: "FREE", createdTime, targetDeviceLocation: "-", numOfBackups: 0 };
        this.keys.set(keyId, key);
        added.push({ ...key });
      }
      keyId++;
    }
    return added;
  }

  /** Called once all bytes of a backup went out. */
  recordBackup(keyIds: readonly number[]): void {
    for (const keyId of keyIds) {
      const key = this.keys.get(keyId);
      if (key) key.numOfBackups += 1;
    }
  }

  createJob(userId: string, affectedResources: string[]): Job {
    const time = isoSeconds(this.now());
    const jobId = this.nextJobId++;
    const job: Job = {
      jobId,
      self: `/ConfigurationManager/v1/objects/jobs/${jobId}`,
      userId,
      status: "Completed",
      state: "Succeeded",
      createdTime: time,
      updatedTime: time,
      completedTime: time,
      affectedResources,
    };
    this.jobs.set(jobId, job);
    return job;
  }

  job(jobId: number): Job | undefined {
    return this.jobs.get(jobId);
  }

  /** Clears faults, sessions and locks; keys stay. */
  reset(): void {
    this.faults.clear();
    this.sessions.clear();
    this.locks.clear();
  }
}
