import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { BACKUP_PASSWORD } from "@/lib/backups/test-support";
import { buildKeyFile } from "@/lib/simulator/backup-file";
import { E990, startTestSimulator, type TestSimulator } from "@/lib/simulator/test-support";
import { ensureBuilt, startPortalProcess, type PortalProcess } from "@/lib/test-support/portal-process";

import {
  copyDataDir,
  makeDataTemplate,
  postBackup,
  readDatabase,
  registerThroughPortal,
  waitFor,
  type DataTemplate,
} from "./rel-test-support";

/*
 * SIGTERM to the production portal while a backup runs: no new backup starts (503
 * SHUTTING_DOWN), a transfer that ends within SHUTDOWN_GRACE_SECONDS ends normally, one that does
 * not is stopped, its storage session discarded and its row final, and only then does the
 * process exit. The simulator's clock stands still, so no session can expire by itself here.
 */

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let root: string;
let template: DataTemplate;
let lab: TestSimulator;
let requests: string[];
let file: Buffer;
const portals: PortalProcess[] = [];

beforeAll(async () => {
  ensureBuilt();
  root = mkdtempSync(path.join(tmpdir(), "kbp-shutdown-"));
  template = await makeDataTemplate(root);
  requests = [];
  lab = await startTestSimulator([E990], { log: (line) => requests.push(line) });
  const info = lab.sim.systems[0]!;
  file = buildKeyFile(
    { storageDeviceId: info.storageDeviceId, keys: lab.sim.listKeys(info.storageDeviceId) },
    BACKUP_PASSWORD,
  );
});

afterAll(async () => {
  for (const portal of portals) await portal.stop("SIGKILL");
  await lab?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The portal's own log lines (JSON), in order. */
function events(portal: PortalProcess): { event?: string; [key: string]: unknown }[] {
  return portal
    .stdout()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { event?: string });
}

const shutdownEvents = (portal: PortalProcess) => events(portal).filter((line) => line.event?.startsWith("shutdown."));

async function jsonOf(res: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
}

async function portalWithSystem(port: number, name: string, env: Record<string, string>) {
  const dataDir = copyDataDir(template, root, name);
  const portal = await startPortalProcess({ port, dataDir, env });
  portals.push(portal);
  const baseUrl = lab.sim.systems[0]!.baseUrl;
  const { systemId, operatorCookie } = await registerThroughPortal(portal.url, template, lab.sim, baseUrl);
  return { portal, dataDir, systemId, operatorCookie };
}

describe("SIGTERM during a backup", () => {
  it("lets a transfer that ends within the grace period finish, refusing new backups meanwhile, then exits", async () => {
    const { portal, dataDir, systemId, operatorCookie } = await portalWithSystem(3350, "finishes", {
      SHUTDOWN_GRACE_SECONDS: "120",
    });
    const deviceId = lab.sim.systems[0]!.storageDeviceId;
    // About 7 s of transfer: ample time to see the drain begin and a new backup refused while it runs.
    lab.sim.setFault(deviceId, { type: "slow-drip", bytesPerChunk: Math.ceil(file.length / 30), intervalMs: 250 });
    const running = postBackup(portal.url, operatorCookie, systemId);
    await waitFor("the first bytes", () => running.received() > 0);

    portal.child.kill("SIGTERM");
    await waitFor("the drain to start", () => shutdownEvents(portal).length > 0);
    expect(running.received()).toBeLessThan(file.length);
    const refused = postBackup(portal.url, operatorCookie, systemId);
    const answer = await refused.response;
    if (answer instanceof Error) throw answer;
    expect(answer.statusCode).toBe(503);
    expect(await jsonOf(answer)).toEqual({
      error: { code: "SHUTTING_DOWN", message: expect.stringMatching(/shutting down.*Try again in a moment/) },
    });

    const { body, complete } = await running.done;
    expect(complete).toBe(true);
    expect(sha256(body)).toBe(sha256(file));
    expect(await portal.exited).toEqual({ code: 143, signal: null });
    expect(lab.sim.openSessions(deviceId)).toBe(0);
    expect(shutdownEvents(portal)).toEqual([
      expect.objectContaining({ event: "shutdown.started", signal: "SIGTERM", backups: 1, graceSeconds: 120 }),
      expect.objectContaining({ event: "shutdown.drained", finished: 1, aborted: 0, unsettled: 0, handover: true }),
    ]);
    const { integrity, backups } = readDatabase(dataDir);
    expect(integrity).toBe("ok");
    expect(backups).toEqual([expect.objectContaining({ status: "succeeded", sha256: sha256(file) })]);
  });

  it("stops a transfer the grace period does not see end: its session discarded and its row final before the exit", async () => {
    const { portal, dataDir, systemId, operatorCookie } = await portalWithSystem(3351, "stopped", {
      SHUTDOWN_GRACE_SECONDS: "1",
    });
    const deviceId = lab.sim.systems[0]!.storageDeviceId;
    lab.sim.setFault(deviceId, { type: "slow-drip", bytesPerChunk: 64, intervalMs: 1000 });
    const running = postBackup(portal.url, operatorCookie, systemId);
    await waitFor("the first bytes", () => running.received() > 0);
    expect(lab.sim.openSessions(deviceId)).toBe(1);
    requests.length = 0;

    // Read the instant the exit is seen: a process that exited without discarding would leave it open.
    let sessionsAtExit: number | undefined;
    portal.child.once("exit", () => (sessionsAtExit = lab.sim.openSessions(deviceId)));
    portal.child.kill("SIGTERM");
    const exited = await Promise.race([portal.exited, new Promise((resolve) => setTimeout(resolve, 90_000))]);

    expect(exited).toEqual({ code: 143, signal: null });
    expect(sessionsAtExit).toBe(0);
    expect(requests.some((line) => /DELETE \S+\/sessions\/\d+ 200$/.test(line))).toBe(true);
    const { complete, body } = await running.done;
    expect(complete).toBe(false);
    expect(body.length).toBeLessThan(file.length);
    expect(shutdownEvents(portal)).toEqual([
      expect.objectContaining({ event: "shutdown.started", backups: 1, graceSeconds: 1 }),
      expect.objectContaining({ event: "shutdown.aborting", backups: 1 }),
      expect.objectContaining({ event: "shutdown.drained", finished: 0, aborted: 1, unsettled: 0 }),
    ]);
    const { integrity, backups, audit } = readDatabase(dataDir);
    expect(integrity).toBe("ok");
    expect(backups).toEqual([expect.objectContaining({ status: "interrupted", error_code: "INTERRUPTED" })]);
    expect(audit.map((event) => [event.action, event.actor])).toEqual([
      ["backup.started", template.operator.username],
      ["backup.interrupted", null],
    ]);
  });
});
