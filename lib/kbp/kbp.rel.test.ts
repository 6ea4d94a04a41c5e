import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, makeDataTemplate, type DataTemplate } from "@/lib/backups/rel-test-support";
import { BACKUP_PASSWORD, STORAGE_ADMIN } from "@/lib/backups/test-support";
import { E990, G370_OLD, startTestSimulator, type TestSimulator } from "@/lib/simulator/test-support";
import { closedPort } from "@/lib/test-support/assertions";
import { ensureBuilt, signInCookie, startPortalProcess, type PortalProcess } from "@/lib/test-support/portal-process";

import { runKbp } from "./test-support";

/*
 * `kbp` (bin/kbp.mjs) as a child process against the production portal and the simulator, with a
 * service token an admin created through POST /api/tokens: every exit path the command documents,
 * the file in DIR only when it is whole and verified, and no secret in anything it printed.
 */

let root: string;
let template: DataTemplate;
let sim: TestSimulator;
let portal: PortalProcess;
let adminCookie: string;
let token: string;
let e990: { id: string; name: string };
let g370: { id: string; name: string };
const printed: string[] = [];

function kbp(args: string[], env: Record<string, string> = {}, stdin = "", onSpawn?: (child: ChildProcess) => void) {
  return runKbp(args, { cwd: root, env, stdin, onSpawn, printed });
}

const secretsEnv = (overrides: Record<string, string> = {}) => ({
  KBP_TOKEN: token,
  KBP_STORAGE_USERNAME: STORAGE_ADMIN.username,
  KBP_STORAGE_PASSWORD: STORAGE_ADMIN.password,
  KBP_BACKUP_PASSWORD: BACKUP_PASSWORD,
  ...overrides,
});

function outDir(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  return dir;
}

async function register(name: string, index: number): Promise<{ id: string; name: string }> {
  const answer = await api(portal.url, adminCookie, "POST", "/api/systems", {
    name,
    baseUrl: sim.sim.systems[index]!.baseUrl,
    trust: { sha256Fingerprint: sim.sim.sha256Fingerprint },
  });
  if (answer.status !== 201) throw new Error(`registration failed: ${JSON.stringify(answer)}`);
  return { id: (answer.json as { system: { id: string } }).system.id, name };
}

beforeAll(async () => {
  ensureBuilt();
  root = mkdtempSync(path.join(tmpdir(), "kbp-cmd-"));
  template = await makeDataTemplate(root);
  sim = await startTestSimulator([E990, G370_OLD]);
  portal = await startPortalProcess({ port: await closedPort(), dataDir: template.dir });
  adminCookie = await signInCookie(portal.url, template.admin);
  e990 = await register("E990 kbp", 0);
  g370 = await register("G370 kbp", 1);
  const created = await api(portal.url, adminCookie, "POST", "/api/tokens", { name: "kbp-weekly", role: "operator" });
  if (created.status !== 201) throw new Error(`token creation failed: ${JSON.stringify(created)}`);
  token = (created.json as { token: string }).token;
});

afterAll(async () => {
  await portal?.stop("SIGKILL");
  await sim?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("kbp backup", () => {
  it("saves the verified file under the portal's name and exits 0", async () => {
    const dir = outDir("done");
    const run = await kbp(["backup", "--portal", portal.url, "--system", e990.name, "--out", dir], secretsEnv());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(run.line).toMatchObject({ event: "kbp.backup", outcome: "done", exitCode: 0, systemId: e990.id });
    const file = run.line.file as string;
    expect(path.dirname(file)).toBe(dir);
    expect(readdirSync(dir)).toEqual([path.basename(file)]);
    const bytes = readFileSync(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(run.line.sizeBytes).toBe(bytes.length);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(run.line.sha256).toBe(sha256);

    const answer = await api(
      portal.url,
      adminCookie,
      "GET",
      `/api/systems/${e990.id}/backups/${String(run.line.backupId)}`,
    );
    expect(answer.json).toMatchObject({
      backup: {
        status: "succeeded",
        sha256,
        bytes: bytes.length,
        verification: "verified",
        fileName: path.basename(file),
      },
    });
  });

  it("takes the secrets from standard input, and the system by id", async () => {
    const dir = outDir("stdin");
    const stdin = `${STORAGE_ADMIN.username}\n${STORAGE_ADMIN.password}\n${BACKUP_PASSWORD}\n`;
    const run = await kbp(
      ["backup", "--portal", portal.url, "--system", e990.id, "--out", dir],
      { KBP_TOKEN: token },
      stdin,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it("exits 3 when the portal refuses the token or knows no such system", async () => {
    const dir = outDir("portal");
    const bad = await kbp(
      ["backup", "--portal", portal.url, "--system", e990.name, "--out", dir],
      secretsEnv({ KBP_TOKEN: "kbp_not-a-real-token" }),
    );
    expect(bad.code).toBe(3);
    expect(bad.line).toMatchObject({ outcome: "portal", exitCode: 3, code: "UNAUTHENTICATED" });
    const unknown = await kbp(["backup", "--portal", portal.url, "--system", "nowhere", "--out", dir], secretsEnv());
    expect(unknown.line).toMatchObject({ outcome: "portal", exitCode: 3, code: "NOT_FOUND" });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("exits 4 when the array refuses: wrong storage password, no key backup (412)", async () => {
    const dir = outDir("array");
    const wrong = await kbp(
      ["backup", "--portal", portal.url, "--system", e990.name, "--out", dir],
      secretsEnv({ KBP_STORAGE_PASSWORD: "Not-The-Password-9" }),
    );
    expect(wrong.code).toBe(4);
    expect(wrong.line).toMatchObject({ outcome: "array", exitCode: 4, code: "STORAGE_AUTH_FAILED" });
    const old = await kbp(["backup", "--portal", portal.url, "--system", g370.name, "--out", dir], secretsEnv());
    expect(old.code).toBe(4);
    expect(old.line).toMatchObject({ outcome: "array", exitCode: 4, code: "MICROCODE_UNSUPPORTED" });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("exits 5 and leaves nothing in DIR when the stream breaks off", async () => {
    const dir = outDir("transfer");
    sim.sim.setFault(sim.sim.systems[0]!.storageDeviceId, { type: "truncate", afterBytes: 100 });
    const run = await kbp(["backup", "--portal", portal.url, "--system", e990.name, "--out", dir], secretsEnv());
    expect(run.code, run.stdout).toBe(5);
    expect(run.line).toMatchObject({ outcome: "transfer", exitCode: 5 });
    expect(run.line.file).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("on SIGTERM mid-transfer, deletes the partial file and exits 5", async () => {
    const dir = outDir("signal");
    sim.sim.setFault(sim.sim.systems[0]!.storageDeviceId, { type: "slow-drip", bytesPerChunk: 256, intervalMs: 200 });
    const args = ["backup", "--portal", portal.url, "--system", e990.name, "--out", dir];
    const run = await kbp(args, secretsEnv(), "", (child) => {
      const poll = setInterval(() => {
        const partial = readdirSync(dir).find((name) => name.endsWith(".partial"));
        if (partial && statSync(path.join(dir, partial)).size > 0) {
          clearInterval(poll);
          child.kill("SIGTERM");
        }
      }, 20);
      child.once("exit", () => clearInterval(poll));
    });
    expect(run.code, run.stderr).toBe(5);
    expect(run.line).toMatchObject({ outcome: "transfer", exitCode: 5, code: "CANCELLED" });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("exits 5 when the portal cannot be reached", async () => {
    const dir = outDir("unreachable");
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await kbp(["backup", "--portal", url, "--system", e990.name, "--out", dir], secretsEnv());
    expect(run.line).toMatchObject({ outcome: "transfer", exitCode: 5, code: "PORTAL_UNREACHABLE" });
  });

  it("exits 2 on a password given as an argument, a missing folder or a missing secret", async () => {
    const dir = outDir("usage");
    const flag = await kbp([
      "backup",
      "--portal",
      portal.url,
      "--system",
      e990.name,
      "--out",
      dir,
      "--backup-password",
      BACKUP_PASSWORD,
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).not.toContain(BACKUP_PASSWORD);
    const noDir = await kbp(
      ["backup", "--portal", portal.url, "--system", e990.name, "--out", path.join(dir, "no")],
      secretsEnv(),
    );
    expect(noDir.line).toMatchObject({ outcome: "usage", exitCode: 2 });
    const noSecret = await kbp(["backup", "--portal", portal.url, "--system", e990.name, "--out", dir], {
      KBP_TOKEN: token,
    });
    expect(noSecret.line).toMatchObject({ outcome: "usage", exitCode: 2 });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("kbp status", () => {
  it("prints the fleet and exits 1 while a system needs attention", async () => {
    const run = await kbp(["status", "--portal", portal.url], { KBP_TOKEN: token });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(e990.name);
    expect(run.stdout).toMatch(/G370 kbp\s+Refused by the array/);
  });

  it("exits 3 without a valid token", async () => {
    const run = await kbp(["status", "--portal", portal.url], { KBP_TOKEN: "kbp_nope" });
    expect(run.code).toBe(3);
  });
});

describe("what kbp printed", () => {
  it("never holds the token, the storage password or the backup password", () => {
    const all = printed.join("\n");
    for (const secret of [token, STORAGE_ADMIN.password, BACKUP_PASSWORD]) expect(all).not.toContain(secret);
  });
});
