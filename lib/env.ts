import "server-only";

import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

export interface Env {
  port: number;
  /** Absolute. */
  dataDir: string;
  database: DatabaseConfig;
  /** Absent: resolveSessionSecret keeps one in the data folder. */
  sessionSecret: string | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  allowHttpStorage: boolean;
  /** Normalised absolute URL (`href`), or undefined when not configured. */
  publicUrl: string | undefined;
  /** `scheme://host[:port]` of publicUrl, what a browser sends as Origin. */
  publicOrigin: string | undefined;
  logLevel: LogLevel;
  trustProxy: boolean;
  /** Enables GET /api/metrics for scrapers sending it as a bearer token; absent: the route answers 404. */
  metricsToken: string | undefined;
  /** How long running backups may go on after SIGTERM / SIGINT before they are stopped. */
  shutdownGraceSeconds: number;
  /** How often a running backup refreshes its heartbeat; four missed in a row mark its instance as gone. */
  backupHeartbeatSeconds: number;
}

/** What each setting must look like, phrased to follow "<NAME> must be". */
const EXPECTED = {
  PORT: "a whole number from 1 to 65535 (default 3000)",
  PORTAL_DATA_DIR: "a folder path (default ./data)",
  DATABASE_URL:
    "a PostgreSQL URL starting with postgres:// or postgresql:// (leave it unset to use the SQLite file in PORTAL_DATA_DIR)",
  SESSION_SECRET:
    "at least 32 characters (leave it unset to let the portal keep a generated one in PORTAL_DATA_DIR/session-secret)",
  SESSION_IDLE_MINUTES: "a whole number of minutes from 1 to 1440 (default 30)",
  SESSION_ABSOLUTE_HOURS: "a whole number of hours from 1 to 720 (default 12)",
  PORTAL_ALLOW_HTTP_STORAGE: `"true" or "false" (default false)`,
  PORTAL_PUBLIC_URL: "an absolute http:// or https:// URL without user name or password, e.g. https://keys.example.com",
  LOG_LEVEL: `one of ${LOG_LEVELS.join(", ")} (default info)`,
  TRUST_PROXY: `"true" or "false" (default false)`,
  METRICS_TOKEN: "at least 32 characters (leave it unset to turn GET /api/metrics off)",
  SHUTDOWN_GRACE_SECONDS: "a whole number of seconds from 0 to 3600 (default 30)",
  BACKUP_HEARTBEAT_SECONDS: "a whole number of seconds from 1 to 300 (default 30)",
} as const;

type SettingName = keyof typeof EXPECTED;
const SETTING_NAMES = Object.keys(EXPECTED) as SettingName[];
/** Their values could carry a credential, so an error message never repeats them. */
const SECRET_SETTINGS = new Set<SettingName>(["DATABASE_URL", "SESSION_SECRET", "METRICS_TOKEN"]);

function wholeNumber(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);
}

function flag() {
  return z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(["true", "false"]))
    .optional()
    .transform((value) => value === "true");
}

function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value) && URL.canParse(value);
}

function isPublicUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
}

const settingsSchema = z.object({
  PORT: wholeNumber(1, 65_535, 3000),
  PORTAL_DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().refine(isPostgresUrl).optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_IDLE_MINUTES: wholeNumber(1, 1440, 30),
  SESSION_ABSOLUTE_HOURS: wholeNumber(1, 720, 12),
  PORTAL_ALLOW_HTTP_STORAGE: flag(),
  PORTAL_PUBLIC_URL: z.string().refine(isPublicUrl).optional(),
  LOG_LEVEL: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(LOG_LEVELS))
    .default("info"),
  TRUST_PROXY: flag(),
  METRICS_TOKEN: z.string().min(32).optional(),
  SHUTDOWN_GRACE_SECONDS: wholeNumber(0, 3600, 30),
  BACKUP_HEARTBEAT_SECONDS: wholeNumber(1, 300, 30),
});

function describeProblem(name: SettingName, raw: string | undefined): string {
  const got = SECRET_SETTINGS.has(name) || raw === undefined ? "" : ` (got ${JSON.stringify(raw.slice(0, 80))})`;
  return `Invalid setting ${name}${got}: it must be ${EXPECTED[name]}`;
}

/**
 * Reads the portal's settings from `source` without touching anything else. Blank values count
 * as unset, so `PORT=` in an env file falls back to the default instead of failing.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const raw: Partial<Record<SettingName, string>> = {};
  for (const name of SETTING_NAMES) {
    const value = source[name]?.trim();
    if (value) raw[name] = value;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = SETTING_NAMES.find((candidate) => candidate === issue?.path[0]);
    throw new EnvError(
      name ? describeProblem(name, raw[name]) : `Invalid settings: ${issue?.message ?? "unknown problem"}`,
    );
  }
  const settings = parsed.data;
  const dataDir = path.resolve(settings.PORTAL_DATA_DIR);
  const publicUrl = settings.PORTAL_PUBLIC_URL === undefined ? undefined : new URL(settings.PORTAL_PUBLIC_URL);
  return {
    port: settings.PORT,
    dataDir,
    database: settings.DATABASE_URL
      ? { kind: "postgres", url: settings.DATABASE_URL }
      : { kind: "sqlite", file: path.join(dataDir, "portal.sqlite") },
    sessionSecret: settings.SESSION_SECRET,
    sessionIdleMinutes: settings.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: settings.SESSION_ABSOLUTE_HOURS,
    allowHttpStorage: settings.PORTAL_ALLOW_HTTP_STORAGE,
    publicUrl: publicUrl?.href,
    publicOrigin: publicUrl?.origin,
    logLevel: settings.LOG_LEVEL,
    trustProxy: settings.TRUST_PROXY,
    metricsToken: settings.METRICS_TOKEN,
    shutdownGraceSeconds: settings.SHUTDOWN_GRACE_SECONDS,
    backupHeartbeatSeconds: settings.BACKUP_HEARTBEAT_SECONDS,
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}

/** For start-up: a bad setting stops the process with one line instead of a stack trace. */
export function assertEnv(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const SECRET_FILE_NAME = "session-secret";

/**
 * The configured SESSION_SECRET, or the one kept in `<dataDir>/session-secret`, generated on
 * first use so a fresh install works without a manual step yet survives restarts.
 */
export function resolveSessionSecret(env: Pick<Env, "sessionSecret" | "dataDir">): string {
  if (env.sessionSecret !== undefined) return env.sessionSecret;
  const file = path.join(env.dataDir, SECRET_FILE_NAME);
  mkdirSync(env.dataDir, { recursive: true, mode: 0o700 });
  try {
    // "wx" so two processes starting at once cannot overwrite each other's secret.
    writeFileSync(file, randomBytes(48).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
    // The umask can only narrow the mode, but an inherited ACL default could widen it.
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new EnvError(`Cannot create the session secret file ${file}: ${(error as Error).message}`);
    }
  }
  const stats = statSync(file);
  if (!stats.isFile()) throw new EnvError(`The session secret ${file} must be a regular file`);
  if ((stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(3, "0");
    throw new EnvError(
      `The session secret file ${file} is accessible by group or others (mode ${mode}); run chmod 600 on it or set SESSION_SECRET`,
    );
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32) {
    throw new EnvError(
      `The session secret file ${file} holds fewer than 32 characters; delete it to have a new one generated or set SESSION_SECRET`,
    );
  }
  return secret;
}
