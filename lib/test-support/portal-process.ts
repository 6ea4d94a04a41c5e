import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";

/*
 * The production portal (`next start` on the built .next) as a child process, for the tests that
 * need a real server: crash and shutdown, the secrets canary, several instances. No portal module
 * is imported here, so Playwright specs can use it too.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

/** Builds the portal once if no build is there (the e2e run builds it first in `npm test`). */
export function ensureBuilt(): void {
  if (existsSync(path.join(ROOT, ".next/BUILD_ID"))) return;
  const built = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) throw new Error(`next build failed with ${built.status ?? built.signal}`);
}

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or null and the signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartPortalOptions {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  /** How long to wait for GET /api/health, default 60 s. */
  readyTimeoutMs?: number;
}

/** Starts `next start` on 127.0.0.1 and waits until /api/health answers 200. */
export async function startPortalProcess(options: StartPortalOptions): Promise<PortalProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(options.port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORTAL_DATA_DIR: options.dataDir,
      PORTAL_PUBLIC_URL: url,
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => (ended = true));

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (ended) throw new Error(`the portal exited before it was ready:\n${out}\n${err}`);
    const ready = await fetch(`${url}/api/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the portal did not answer /api/health in time:\n${out}\n${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: (signal = "SIGTERM") => {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the portal's CLI on a data directory; the password goes on standard input. */
export async function runCli(
  dataDir: string,
  args: string[],
  stdin = "",
  env: Record<string, string> = {},
): Promise<string> {
  return (await runCliOutput(dataDir, args, stdin, env)).stdout;
}

/** As runCli, with both of the CLI's output streams (for tests that scan everything it printed). */
export function runCliOutput(
  dataDir: string,
  args: string[],
  stdin = "",
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args],
      {
        cwd: ROOT,
        env: { ...process.env, PORTAL_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`cli exited ${code}: ${stderr}`)),
    );
    child.stdin.end(stdin);
  });
}

export interface PortalAccount {
  username: string;
  password: string;
}

/** Adds a portal user with the CLI (a random name and password unless given). */
export async function addPortalUser(
  dataDir: string,
  role: "viewer" | "operator" | "admin",
  account: Partial<PortalAccount> = {},
  env: Record<string, string> = {},
): Promise<PortalAccount> {
  const user = {
    username: account.username ?? `rel-${role}-${randomBytes(4).toString("hex")}`,
    password: account.password ?? randomBytes(18).toString("base64url"),
  };
  await runCli(dataDir, ["user", "add", user.username, "--role", role], `${user.password}\n`, env);
  return user;
}

/** Signs in over the API and returns the `Cookie` header value for later calls. */
export async function signInCookie(url: string, account: PortalAccount): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: url },
    body: JSON.stringify(account),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie()[0];
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie.split(";")[0]!;
}
