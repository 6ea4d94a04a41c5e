import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { EnvError, loadEnv, resolveSessionSecret } from "./env";

function expectEnvError(source: Record<string, string>, pattern: RegExp): EnvError {
  let caught: unknown;
  try {
    loadEnv(source);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EnvError);
  const error = caught as EnvError;
  expect(error.message).toMatch(pattern);
  expect(error.message).not.toContain("\n");
  return error;
}

describe("loadEnv", () => {
  it("applies the defaults", () => {
    const env = loadEnv({});
    expect(env).toEqual({
      port: 3000,
      dataDir: path.resolve("data"),
      database: { kind: "sqlite", file: path.resolve("data", "portal.sqlite") },
      sessionSecret: undefined,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      allowHttpStorage: false,
      publicUrl: undefined,
      publicOrigin: undefined,
      logLevel: "info",
      trustProxy: false,
      metricsToken: undefined,
      shutdownGraceSeconds: 30,
      backupHeartbeatSeconds: 30,
    });
  });

  it("reads every setting", () => {
    const env = loadEnv({
      PORT: "8443",
      PORTAL_DATA_DIR: "/var/lib/kbp",
      DATABASE_URL: "postgresql://portal@db.example.com:5432/portal",
      SESSION_SECRET: "s".repeat(32),
      SESSION_IDLE_MINUTES: "15",
      SESSION_ABSOLUTE_HOURS: "8",
      PORTAL_ALLOW_HTTP_STORAGE: "TRUE",
      PORTAL_PUBLIC_URL: "https://Keys.Example.com:8443/portal",
      LOG_LEVEL: "debug",
      TRUST_PROXY: "true",
      METRICS_TOKEN: "m".repeat(32),
      SHUTDOWN_GRACE_SECONDS: "0",
      BACKUP_HEARTBEAT_SECONDS: "5",
    });
    expect(env).toEqual({
      port: 8443,
      dataDir: "/var/lib/kbp",
      database: { kind: "postgres", url: "postgresql://portal@db.example.com:5432/portal" },
      sessionSecret: "s".repeat(32),
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 8,
      allowHttpStorage: true,
      publicUrl: "https://keys.example.com:8443/portal",
      publicOrigin: "https://keys.example.com:8443",
      logLevel: "debug",
      trustProxy: true,
      metricsToken: "m".repeat(32),
      shutdownGraceSeconds: 0,
      backupHeartbeatSeconds: 5,
    });
  });

  it("resolves a relative data folder to an absolute one and treats blank values as unset", () => {
    const env = loadEnv({ PORTAL_DATA_DIR: "var/portal", PORT: "  ", DATABASE_URL: "" });
    expect(env.dataDir).toBe(path.resolve("var/portal"));
    expect(env.port).toBe(3000);
    expect(env.database).toEqual({ kind: "sqlite", file: path.join(path.resolve("var/portal"), "portal.sqlite") });
  });

  it("accepts postgres:// as well as postgresql://", () => {
    expect(loadEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1/test" }).database.kind).toBe("postgres");
  });

  it.each([
    [{ PORT: "abc" }, /^Invalid setting PORT \(got "abc"\): it must be a whole number from 1 to 65535/],
    [{ PORT: "70000" }, /PORT .*65535/],
    [{ PORT: "0" }, /PORT/],
    [{ SESSION_IDLE_MINUTES: "1.5" }, /SESSION_IDLE_MINUTES .*minutes/],
    [{ SESSION_ABSOLUTE_HOURS: "-1" }, /SESSION_ABSOLUTE_HOURS/],
    [{ PORTAL_ALLOW_HTTP_STORAGE: "yes" }, /PORTAL_ALLOW_HTTP_STORAGE \(got "yes"\): it must be "true" or "false"/],
    [{ TRUST_PROXY: "1" }, /TRUST_PROXY/],
    [
      { SHUTDOWN_GRACE_SECONDS: "3601" },
      /SHUTDOWN_GRACE_SECONDS \(got "3601"\): it must be a whole number of seconds from 0 to 3600/,
    ],
    [
      { BACKUP_HEARTBEAT_SECONDS: "0" },
      /BACKUP_HEARTBEAT_SECONDS \(got "0"\): it must be a whole number of seconds from 1 to 300/,
    ],
    [{ LOG_LEVEL: "verbose" }, /LOG_LEVEL .*one of fatal, error, warn, info, debug, trace, silent/],
    [{ PORTAL_PUBLIC_URL: "keys.example.com" }, /PORTAL_PUBLIC_URL .*absolute http/],
    [{ PORTAL_PUBLIC_URL: "ftp://keys.example.com" }, /PORTAL_PUBLIC_URL/],
    [{ PORTAL_PUBLIC_URL: "https://admin:pw@keys.example.com" }, /PORTAL_PUBLIC_URL/],
  ])("refuses %o with one clear line", (source, pattern) => {
    expectEnvError(source, pattern);
  });

  it("refuses a DATABASE_URL that is not PostgreSQL without repeating it", () => {
    const error = expectEnvError(
      { DATABASE_URL: "mysql://root:hunter2@db/portal" },
      /^Invalid setting DATABASE_URL: it must be a PostgreSQL URL starting with postgres:\/\/ or postgresql:\/\//,
    );
    expect(error.message).not.toContain("hunter2");
  });

  it("refuses a short SESSION_SECRET without repeating it", () => {
    const error = expectEnvError(
      { SESSION_SECRET: "tooshort-secret" },
      /^Invalid setting SESSION_SECRET: it must be at least 32 characters/,
    );
    expect(error.message).not.toContain("tooshort-secret");
  });

  it("refuses a short METRICS_TOKEN without repeating it", () => {
    const error = expectEnvError(
      { METRICS_TOKEN: "short-metrics-token" },
      /^Invalid setting METRICS_TOKEN: it must be at least 32 characters/,
    );
    expect(error.message).not.toContain("short-metrics-token");
  });

  it("names the first bad setting when several are wrong", () => {
    expectEnvError({ PORT: "x", LOG_LEVEL: "loud" }, /PORT/);
  });
});

describe("resolveSessionSecret", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "kbp-env-"));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("returns the configured secret without touching the disk", () => {
    const dataDir = path.join(root, "data");
    expect(resolveSessionSecret({ sessionSecret: "x".repeat(40), dataDir })).toBe("x".repeat(40));
    expect(() => statSync(dataDir)).toThrow();
  });

  it("creates the data folder (0700) and a 0600 secret file once, then reuses it", () => {
    const dataDir = path.join(root, "nested", "data");
    const first = resolveSessionSecret({ sessionSecret: undefined, dataDir });
    expect(first).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const file = path.join(dataDir, "session-secret");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(resolveSessionSecret({ sessionSecret: undefined, dataDir })).toBe(first);
  });

  it("refuses a secret file readable by group or others", () => {
    const file = path.join(root, "session-secret");
    writeFileSync(file, "y".repeat(64));
    chmodSync(file, 0o644);
    expect(() => resolveSessionSecret({ sessionSecret: undefined, dataDir: root })).toThrow(
      /session-secret is accessible by group or others \(mode 644\); run chmod 600/,
    );
  });

  it("refuses a secret file that is too short", () => {
    const file = path.join(root, "session-secret");
    writeFileSync(file, "short\n", { mode: 0o600 });
    expect(() => resolveSessionSecret({ sessionSecret: undefined, dataDir: root })).toThrow(EnvError);
  });
});
