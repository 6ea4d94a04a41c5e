import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveSession, startSession } from "@/lib/auth/sessions";
import { signIn } from "@/lib/auth/sign-in";
import { listAuditEvents } from "@/lib/db/audit-events";
import { TEST_DATABASES, TEST_POSTGRES_URL, type TestDatabase } from "@/lib/db/test-databases";
import { findUserByUsername } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { prepareAuthTestEnv } from "@/lib/test-support/auth";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PASSWORDS = {
  alice: "amber falcon quietly sweeps",
  weak: "password1234",
  argv: "never on the command line 42",
  dave: "dave first walnut horizon",
  daveNew: "dave second copper lagoon",
};

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  args: string[];
}

describe.each(TEST_DATABASES)("npm run cli on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const runs: CliRun[] = [];

  /** Runs the CLI as `npm run cli` does, with `stdin` piped in (not a terminal). */
  function cli(args: string[], stdin = ""): Promise<CliRun> {
    const argv = ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args];
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        const run = { code, stdout, stderr, args: argv };
        runs.push(run);
        resolve(run);
      });
      child.stdin.end(stdin);
    });
  }

  const signInAs = (username: string, password: string) =>
    signIn({ db: t.db, username, password, clientIp: "192.0.2.80" });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a refusal");
      },
      (error: unknown) => error as AppError,
    );

  beforeAll(async () => {
    prepareAuthTestEnv();
    t = await open();
    env = { ...process.env, LOG_LEVEL: undefined, DATABASE_URL: undefined, PORTAL_PUBLIC_URL: undefined };
    if (kind === "postgres") {
      const url = new URL(TEST_POSTGRES_URL);
      url.searchParams.set("options", `-c search_path=${t.location}`);
      env.DATABASE_URL = url.href;
      env.PORTAL_DATA_DIR = path.join(tmpdir(), "kbp-cli-unused");
    } else {
      env.PORTAL_DATA_DIR = path.dirname(t.location);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it("adds a user with the password from stdin, who can then sign in", async () => {
    const run = await cli(["user", "add", "alice", "--role", "admin"], `${PASSWORDS.alice}\nignored second line\n`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Added alice as admin/);
    const result = await signInAs("alice", PASSWORDS.alice);
    expect(result.user).toMatchObject({ username: "alice", role: "admin" });
    const [created] = (await listAuditEvents(t.db, { limit: 500 })).items.filter(
      (event) => event.action === "user.created",
    );
    expect(created).toMatchObject({
      actor: "cli",
      actorUserId: null,
      targetLabel: "alice",
      detail: { role: "admin", via: "cli" },
    });
  });

  it("lists users", async () => {
    const run = await cli(["user", "list"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^USERNAME\s+ROLE\s+STATUS/);
    expect(run.stdout).toMatch(/\nalice\s+admin\s+enabled\s/);
  });

  it("applies the password policy, with a clear error and exit code 1", async () => {
    const run = await cli(["user", "add", "bob", "--role", "operator"], `${PASSWORDS.weak}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: This password is on the list of commonly used passwords/);
    expect(await findUserByUsername(t.db, "bob")).toBeUndefined();
  });

  it("refuses a password given on the command line, without echoing it", async () => {
    const run = await cli(["user", "add", "carol", "--role", "viewer", `--password=${PASSWORDS.argv}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/read from standard input, never from the command line/);
    const extra = await cli(["user", "add", "carol", "--role", "viewer", "--", PASSWORDS.argv]);
    expect(extra.code).toBe(2);
    expect(extra.stderr + extra.stdout).not.toContain(PASSWORDS.argv);
    expect(await findUserByUsername(t.db, "carol")).toBeUndefined();
  });

  it("resets a password from stdin, ending the user's sessions", async () => {
    expect((await cli(["user", "add", "dave", "--role", "viewer"], `${PASSWORDS.dave}\n`)).code).toBe(0);
    const dave = (await findUserByUsername(t.db, "dave"))!;
    const session = await startSession(t.db, { userId: dave.id });
    const run = await cli(["user", "reset-password", "dave"], `${PASSWORDS.daveNew}\n`);
    expect(run.code).toBe(0);
    expect(await resolveSession(t.db, session.cookieValue)).toBeNull();
    expect((await refusal(signInAs("dave", PASSWORDS.dave))).status).toBe(401);
    expect((await signInAs("dave", PASSWORDS.daveNew)).user.username).toBe("dave");
    const [reset] = (await listAuditEvents(t.db, { limit: 500 })).items.filter(
      (event) => event.action === "user.password_reset",
    );
    expect(reset).toMatchObject({ actor: "cli", targetLabel: "dave", detail: { via: "cli" } });
  });

  it("sets roles, disables and enables, and protects the last admin", async () => {
    expect((await cli(["user", "set-role", "dave", "operator"])).code).toBe(0);
    expect((await findUserByUsername(t.db, "dave"))?.role).toBe("operator");
    expect((await cli(["user", "disable", "dave"])).code).toBe(0);
    expect((await refusal(signInAs("dave", PASSWORDS.daveNew))).status).toBe(401);
    expect((await cli(["user", "enable", "dave"])).code).toBe(0);
    expect((await signInAs("dave", PASSWORDS.daveNew)).user.role).toBe("operator");
    const actions = (await listAuditEvents(t.db, { limit: 500 })).items
      .filter((event) => event.actor === "cli")
      .map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(["user.role_changed", "user.disabled", "user.enabled"]));

    const lastAdmin = await cli(["user", "set-role", "alice", "viewer"]);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr).toMatch(/last enabled admin/);
    const unknown = await cli(["user", "disable", "nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No user is named "nobody"/);
    const badRole = await cli(["user", "set-role", "dave", "boss"]);
    expect(badRole.code).toBe(2);
  });

  it("never had a password in its arguments or its output", () => {
    expect(runs.length).toBeGreaterThanOrEqual(10);
    const allowedInArgs = new Set([PASSWORDS.argv]);
    for (const run of runs) {
      for (const [name, password] of Object.entries(PASSWORDS)) {
        if (!allowedInArgs.has(password)) expect(run.args.join(" "), name).not.toContain(password);
        expect(run.stdout + run.stderr, name).not.toContain(password);
      }
    }
  });
});
