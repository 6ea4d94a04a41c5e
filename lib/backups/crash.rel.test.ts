import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { BACKUP_PASSWORD } from "@/lib/backups/test-support";
import { buildKeyFile } from "@/lib/simulator/backup-file";
import { E990, startTestSimulator, type TestSimulator } from "@/lib/simulator/test-support";
import type { Fault } from "@/lib/simulator/types";
import { ensureBuilt, startPortalProcess, type PortalProcess } from "@/lib/test-support/portal-process";

import {
  api,
  copyDataDir,
  makeDataTemplate,
  postBackup,
  readDatabase,
  registerThroughPortal,
  TcpRelay,
  waitFor,
  type BackupCall,
  type DataTemplate,
} from "./rel-test-support";

/*
 * The production portal killed with SIGKILL at each step of a backup, then started again on the
 * same data folder. Afterwards the SQLite file passes its integrity check, the attempt is there
 * exactly once and final ("interrupted", by the start-up recovery), the system can be backed up
 * again, and a storage session the dead process left on the array expires by the aliveTime the
 * portal asked for (60 s, lib/storage-api/sessions.ts), on the simulator's manual clock.
 */

/** DEFAULT_ALIVE_TIME_SECONDS of lib/storage-api/sessions.ts, as the portal asks for it. */
const ALIVE_TIME_MS = 60_000;
const HELD_MS = 120_000;
const IDENTITY_ANSWERED = /GET \/ConfigurationManager\/v1\/objects\/storages\/instance 200$/;

interface Lab {
  sim: TestSimulator;
  relay: TcpRelay;
  /** The simulator's request log: one line per finished request. */
  requests: string[];
  /** The key file the simulator sends for BACKUP_PASSWORD. */
  file: Buffer;
  call?: BackupCall;
}

interface Step {
  name: string;
  fault?: Fault;
  /** The relay holds the portal's connection to the storage system. */
  hold?: boolean;
  /** Whether the step has been reached, looking at the simulator, the relay and the client. */
  reached(lab: Lab): boolean;
  /** Storage sessions the killed portal leaves on the array. */
  leftSessions: 0 | 1;
}

const STEPS: Step[] = [
  {
    name: "after the running row, before its first storage call gets through",
    hold: true,
    reached: (lab) => lab.relay.held > 0,
    leftSessions: 0,
  },
  {
    name: "while the storage system answers the session it has made",
    fault: { type: "delay-headers", ms: HELD_MS, on: "session-create" },
    reached: (lab) => lab.sim.sim.openSessions(storageDeviceId(lab)) === 1,
    leftSessions: 1,
  },
  {
    name: "after the storage session is made and used, the key file asked for",
    fault: { type: "delay-headers", ms: HELD_MS, on: "backup" },
    reached: (lab) => lab.requests.some((line) => IDENTITY_ANSWERED.test(line)),
    leftSessions: 1,
  },
  {
    name: "in the middle of the key file",
    fault: { type: "slow-drip", bytesPerChunk: 256, intervalMs: 250 },
    reached: (lab) => (lab.call?.received() ?? 0) >= 256,
    leftSessions: 1,
  },
  {
    name: "after the last byte, before the row is updated",
    fault: { type: "hold-end", ms: HELD_MS },
    reached: (lab) => lab.call?.received() === lab.file.length,
    leftSessions: 1,
  },
];

const storageDeviceId = (lab: Lab) => lab.sim.sim.systems[0]!.storageDeviceId;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let root: string;
let template: DataTemplate;
let lab: Lab;
const portals: PortalProcess[] = [];

beforeAll(async () => {
  ensureBuilt();
  root = mkdtempSync(path.join(tmpdir(), "kbp-crash-"));
  template = await makeDataTemplate(root);
  const requests: string[] = [];
  const sim = await startTestSimulator([E990], { log: (line) => requests.push(line) });
  const info = sim.sim.systems[0]!;
  const relay = await TcpRelay.start(Number(new URL(info.baseUrl).port));
  const file = buildKeyFile(
    { storageDeviceId: info.storageDeviceId, keys: sim.sim.listKeys(info.storageDeviceId) },
    BACKUP_PASSWORD,
  );
  lab = { sim, relay, requests, file };
});

afterAll(async () => {
  for (const portal of portals) await portal.stop("SIGKILL");
  await lab?.relay.close();
  await lab?.sim.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function start(port: number, dataDir: string): Promise<PortalProcess> {
  const portal = await startPortalProcess({ port, dataDir });
  portals.push(portal);
  return portal;
}

async function history(portal: PortalProcess, cookie: string, systemId: string) {
  const answer = await api(portal.url, cookie, "GET", `/api/systems/${systemId}/backups`);
  return (answer.json as { items: { id: string; status: string }[] }).items;
}

describe("a portal killed with SIGKILL during a backup", () => {
  STEPS.forEach((step, index) => {
    it(`leaves a sound database, one final row and no lasting storage session: ${step.name}`, async () => {
      const port = 3310 + index;
      const dataDir = copyDataDir(template, root, `step-${index}`);
      const deviceId = storageDeviceId(lab);
      const relayUrl = `https://127.0.0.1:${lab.relay.port}/ConfigurationManager`;

      const first = await start(port, dataDir);
      const { systemId, operatorCookie } = await registerThroughPortal(first.url, template, lab.sim.sim, relayUrl);
      expect(lab.sim.sim.openSessions(deviceId)).toBe(0);
      lab.requests.length = 0;
      lab.relay.held = 0;
      lab.relay.hold = step.hold ?? false;
      if (step.fault) lab.sim.sim.setFault(deviceId, step.fault);

      lab.call = postBackup(first.url, operatorCookie, systemId);
      await waitFor(step.name, () => step.reached(lab));
      const running = await history(first, operatorCookie, systemId);
      expect(running.map((item) => item.status)).toEqual(["running"]);

      first.child.kill("SIGKILL");
      expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
      expect((await lab.call.done).complete).toBe(false);
      lab.relay.hold = false;
      lab.sim.sim.clearFaults(deviceId);
      // Nothing the dead process did not commit shows, and nothing it committed is damaged.
      const afterKill = readDatabase(dataDir);
      expect(afterKill.integrity).toBe("ok");
      expect(afterKill.backups.map((row) => row.status)).toEqual(["running"]);

      const second = await start(port, dataDir);
      const recovered = await history(second, operatorCookie, systemId);
      expect(recovered).toEqual([expect.objectContaining({ id: running[0]!.id, status: "interrupted" })]);

      // The array keeps what the dead process held open until its aliveTime passes without use.
      expect(lab.sim.sim.openSessions(deviceId)).toBe(step.leftSessions);
      lab.sim.clock.advance(ALIVE_TIME_MS - 1);
      expect(lab.sim.sim.openSessions(deviceId)).toBe(step.leftSessions);
      lab.sim.clock.advance(1);
      expect(lab.sim.sim.openSessions(deviceId)).toBe(0);

      // The slot is free again: a new backup runs to the end and leaves no session.
      const again = postBackup(second.url, operatorCookie, systemId);
      const { body, complete } = await again.done;
      expect(complete).toBe(true);
      expect(sha256(body)).toBe(sha256(lab.file));
      await waitFor("the new backup's session to be discarded", () => lab.sim.sim.openSessions(deviceId) === 0);

      const stopped = await second.stop("SIGTERM");
      expect(stopped.code).toBe(143);
      const { integrity, backups, audit } = readDatabase(dataDir);
      expect(integrity).toBe("ok");
      expect(backups).toEqual([
        expect.objectContaining({ id: running[0]!.id, status: "interrupted", error_code: "INTERRUPTED" }),
        expect.objectContaining({ status: "succeeded", sha256: sha256(lab.file), bytes: lab.file.length }),
      ]);
      const endings = audit.filter(
        (event) => event.detail?.includes(running[0]!.id) && event.action !== "backup.started",
      );
      expect(endings).toEqual([expect.objectContaining({ action: "backup.interrupted", actor: null })]);
    });
  });
});
