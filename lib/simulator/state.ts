import "server-only";

import { DEFAULT_USERS } from "./default-systems";
import { errors } from "./errors";
import { FaultQueue } from "./faults";
import { sameSecret, SessionTable, type Session } from "./session-table";
import { applySettings, DEFAULT_SETTINGS, settingsOf } from "./settings";
import { storageDeviceIdFor } from "./storage-device-id";
import type { SimKey, SimSystemConfig, SimSystemSettings, SimUser } from "./types";

export { MAX_SESSIONS, type Session } from "./session-table";
export const MAX_KEYS = 4096;
const DEFAULT_KEY_COUNT = 32;
// Initial keys get fixed creation times so that a restarted simulator produces the same key file.
const INITIAL_KEYS_CREATED_MS = Date.UTC(2024, 0, 15, 9, 0, 0);

/** "YYYY-MM-DDThh:mm:ssZ", the API's time format. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
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

/**
 * Everything one simulated storage system remembers, shared by its listeners, except sessions:
 * each controller and the server form have a session table of their own. Locks belong to the
 * sessions that took them but lock the whole system.
 */
export class SystemState {
  readonly storageDeviceId: string;
  readonly users: readonly SimUser[];
  readonly faults = new FaultQueue();
  /** CTL1 first. */
  readonly controllerTables: readonly SessionTable[];
  readonly serverFormTable: SessionTable;
  private readonly initialSettings: Required<SimSystemSettings>;
  private current: Required<SimSystemSettings>;
  private readonly keys = new Map<number, SimKey>();
  private readonly locks = new Set<Session>();
  private readonly jobs = new Map<number, Job>();
  private nextJobId = 1;
  private peakSessions = 0;

  constructor(
    readonly config: SimSystemConfig,
    readonly now: () => number,
  ) {
    this.storageDeviceId = storageDeviceIdFor(config.model, config.serialNumber);
    this.users = (config.users ?? DEFAULT_USERS).map((user) => ({ ...user, roles: [...user.roles] }));
    this.initialSettings = applySettings(DEFAULT_SETTINGS, settingsOf(config));
    this.current = this.initialSettings;
    const controllers = config.controllers ?? 1;
    if (controllers !== 1 && controllers !== 2) throw new Error("controllers must be 1 or 2");
    const release = (session: Session) => this.locks.delete(session);
    // Counted on every create, so no peak is missed the way polling could miss one.
    const created = () => {
      this.peakSessions = Math.max(this.peakSessions, this.openSessionCount());
    };
    this.controllerTables = ["CTL1", "CTL2"]
      .slice(0, controllers)
      .map((name) => new SessionTable(name, now, release, created));
    this.serverFormTable = new SessionTable("server-form", now, release, created);
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

  get settings(): Required<SimSystemSettings> {
    return { ...this.current };
  }

  /** Throws a ZodError for an invalid value or an unknown key. */
  updateSettings(update: SimSystemSettings): void {
    this.current = applySettings(this.current, update);
  }

  private get tables(): SessionTable[] {
    return [...this.controllerTables, this.serverFormTable];
  }

  /** Every live session of every table. */
  listSessions(): Session[] {
    return this.tables.flatMap((table) => table.list());
  }

  openSessionCount(): number {
    return this.listSessions().length;
  }

  /** The most sessions open at once (every table together) since the start or the last resetPeakSessions. */
  peakSessionCount(): number {
    return this.peakSessions;
  }

  /** Starts the peak over from the sessions open now. */
  resetPeakSessions(): void {
    this.peakSessions = this.openSessionCount();
  }

  /** Throws 409 KART40050-E when another session holds a lock. */
  lock(session: Session): void {
    this.dropExpiredSessions();
    if ([...this.locks].some((holder) => holder !== session)) throw errors.lockHeldByOther();
    this.locks.add(session);
  }

  unlock(session: Session): void {
    this.locks.delete(session);
  }

  /** The sessionIds holding a lock. */
  lockHolders(): number[] {
    this.dropExpiredSessions();
    return [...this.locks].map((session) => session.sessionId);
  }

  /** Whether any session of this user, on any controller, holds a lock. */
  lockedByUser(username: string): boolean {
    this.dropExpiredSessions();
    return [...this.locks].some((session) => session.user.username === username);
  }

  private dropExpiredSessions(): void {
    for (const table of this.tables) table.dropExpired();
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

  /** Clears faults, sessions, locks and the session peak and restores the initial settings; keys stay. */
  reset(): void {
    this.faults.clear();
    for (const table of this.tables) table.clear();
    this.locks.clear();
    this.peakSessions = 0;
    this.current = this.initialSettings;
  }
}
