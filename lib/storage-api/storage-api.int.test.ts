import { execFile } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generate } from "selfsigned";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";
import { closedPort } from "@/lib/test-support/assertions";

import {
  backupEncryptionKeys,
  createSession,
  getApiVersion,
  getStorageIdentity,
  listEncryptionKeys,
  StorageApiError,
  StorageClient,
  streamWithStorageSession,
  withStorageSession,
  type StorageErrorKind,
  type StorageTarget,
} from "./index";

const run = promisify(execFile);
const ADMIN = { username: "secadmin", password: "Sim-Modify-Pass1" };
const VIEWER = { username: "secviewer", password: "Sim-View-Pass1" };
const BACKUP_PASSWORD = "Backup-Pass-42!";

let sim: Simulator;
let clockMs = Date.parse("2026-11-29T00:00:00Z");
let e990: SimSystemInfo;
let g370: SimSystemInfo;
let strict: SimSystemInfo;
let big: SimSystemInfo;

function target(system: SimSystemInfo, extra: Partial<StorageTarget> = {}): StorageTarget {
  return {
    baseUrl: system.baseUrl,
    trust: { kind: "pin", sha256Fingerprint: sim.sha256Fingerprint, certificatePem: sim.certificatePem },
    ...extra,
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function backup(system: SimSystemInfo, extra: Partial<StorageTarget> = {}, credentials = ADMIN) {
  return streamWithStorageSession(target(system, extra), credentials, ({ client, session }) =>
    backupEncryptionKeys(client, session, BACKUP_PASSWORD),
  );
}

async function expectKind(promise: Promise<unknown>, kind: StorageErrorKind): Promise<StorageApiError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${kind} error, got success`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageApiError);
  expect((error as StorageApiError).kind, (error as Error).message).toBe(kind);
  return error as StorageApiError;
}

beforeAll(async () => {
  sim = await startSimulator({
    now: () => clockMs,
    systems: [
      { model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" },
      { model: "VSP G370", serialNumber: 441108, microcode: "88-06-02-00/00" },
      { model: "VSP E590", serialNumber: 400001, microcode: "93-07-02-00/00", passwordPolicy: { minLength: 20 } },
      {
        model: "VSP 5500",
        serialNumber: 530021,
        microcode: "90-09-01-00/00",
        keyCount: 1500,
        backupPaddingBytes: 4 * 1024 * 1024,
      },
    ],
  });
  [e990, g370, strict, big] = sim.systems as [SimSystemInfo, SimSystemInfo, SimSystemInfo, SimSystemInfo];
});

afterEach(() => {
  sim.clearFaults();
  // No path may leave a session open on the storage system.
  for (const system of sim.systems) expect(sim.openSessions(system.storageDeviceId), system.model).toBe(0);
});

afterAll(async () => {
  await sim?.close();
});

describe("reading the storage system", () => {
  it("reads the API version without a session", async () => {
    const client = new StorageClient(target(e990));
    try {
      expect(await getApiVersion(client)).toMatchObject({ apiVersion: "1.22.0" });
    } finally {
      await client.close();
    }
  });

  it("reads the identity in the embedded and the REST API server form", async () => {
    const embedded = await withStorageSession(target(e990), ADMIN, ({ client, session }) =>
      getStorageIdentity(client, session),
    );
    expect(embedded).toEqual({
      storageDeviceId: "936000412345",
      model: "VSP E990",
      serialNumber: 412345,
      dkcMicroVersion: "93-07-01-80/00",
    });
    const server = await withStorageSession(
      target(e990, { baseUrl: sim.serverFormBaseUrl!, storageDeviceId: "936000412345" }),
      ADMIN,
      ({ client, session }) => getStorageIdentity(client, session),
    );
    expect(server).toEqual(embedded);
  });

  it("lists every encryption key across pages", async () => {
    const keys = await withStorageSession(target(big), VIEWER, ({ client, session }) =>
      listEncryptionKeys(client, session, { keyType: "DEKANDFREE" }),
    );
    expect(keys).toHaveLength(1500);
    expect(new Set(keys.map((key) => key.keyId)).size).toBe(1500);
    expect(keys.map((key) => key.keyId)).toEqual([...keys.map((key) => key.keyId)].sort((a, b) => a - b));
  });

  it("reports an expired session token as an authentication error", async () => {
    const error = await expectKind(
      withStorageSession(target(e990), ADMIN, async ({ client, session }) => {
        clockMs += 61_000; // past the 60 s aliveTime the client asks for
        return getStorageIdentity(client, session);
      }),
      "auth",
    );
    expect(error.status).toBe(401);
    expect(error.step).toBe("identity");
    expect(error.storage?.message).toContain("The specified token is invalid");
    expect(error.message).toMatch(/session is invalid or expired/);
  });
});

describe("backing up the encryption keys", () => {
  it("streams the key file and discards the session when the stream ends", async () => {
    const download = await backup(e990);
    expect(sim.openSessions(e990.storageDeviceId)).toBe(1);
    const bytes = await readAll(download.stream);
    await download.sessionEnded;
    expect(bytes.length).toBeGreaterThan(0);
    expect(download.contentLength).toBe(bytes.length);
    const again = await backup(e990);
    expect(
      createHash("sha256")
        .update(await readAll(again.stream))
        .digest("hex"),
    ).toBe(createHash("sha256").update(bytes).digest("hex"));
    await again.sessionEnded;
  });

  it("works through the REST API server form with PUT", async () => {
    const download = await streamWithStorageSession(
      target(e990, { baseUrl: sim.serverFormBaseUrl!, storageDeviceId: e990.storageDeviceId }),
      ADMIN,
      ({ client, session }) => backupEncryptionKeys(client, session, BACKUP_PASSWORD, { method: "PUT" }),
    );
    const bytes = await readAll(download.stream);
    await download.sessionEnded;
    expect(bytes.length).toBe(download.contentLength);
  });

  it("matches the seed's curl example byte for byte", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kbp-curl-"));
    try {
      await writeFile(join(dir, "ca.pem"), sim.certificatePem);
      await writeFile(join(dir, "InputParameters.json"), JSON.stringify({ parameters: { password: BACKUP_PASSWORD } }));
      const { stdout } = await run("curl", [
        "-sS",
        "--fail",
        "--cacert",
        join(dir, "ca.pem"),
        "-u",
        `${ADMIN.username}:${ADMIN.password}`,
        "-H",
        "Content-Type:application/json",
        "-X",
        "POST",
        "--data",
        '{"aliveTime":60}',
        `${e990.baseUrl}/v1/objects/sessions`,
      ]);
      const { token, sessionId } = JSON.parse(stdout) as { token: string; sessionId: number };
      // The coding example of the reference page, with the simulator's address and CA.
      await run(
        "curl",
        [
          "-sS",
          "--fail",
          "--cacert",
          join(dir, "ca.pem"),
          "-H",
          "Accept:application/octet-stream",
          "-H",
          "Content-Type:application/json",
          "-H",
          `Authorization:Session ${token}`,
          "-X",
          "POST",
          "--data-binary",
          "@./InputParameters.json",
          `${e990.baseUrl}/v1/objects/encryption-keys/file/actions/backup/invoke`,
          "-o",
          "backupfile.ekf",
        ],
        { cwd: dir },
      );
      await run("curl", [
        "-sS",
        "--fail",
        "--cacert",
        join(dir, "ca.pem"),
        "-H",
        `Authorization:Session ${token}`,
        "-X",
        "DELETE",
        `${e990.baseUrl}/v1/objects/sessions/${sessionId}`,
      ]);
      const fromCurl = await readFile(join(dir, "backupfile.ekf"));
      const download = await backup(e990);
      const fromClient = await readAll(download.stream);
      await download.sessionEnded;
      expect(fromCurl.length).toBeGreaterThan(0);
      expect(fromClient.equals(fromCurl)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("streams a large file without holding it", async () => {
    const download = await backup(big);
    let size = 0;
    const hash = createHash("sha256");
    for await (const chunk of download.stream) {
      size += chunk.byteLength;
      hash.update(chunk);
    }
    await download.sessionEnded;
    expect(size).toBe(download.contentLength);
    expect(size).toBeGreaterThan(4 * 1024 * 1024);
  });

  it("hands the key file on as backupEncryptionKeys streams it, without another pass over each chunk", async () => {
    let streamed: ReadableStream<Uint8Array> | undefined;
    const download = await streamWithStorageSession(target(e990), ADMIN, async ({ client, session }) => {
      const result = await backupEncryptionKeys(client, session, BACKUP_PASSWORD);
      streamed = result.stream;
      return result;
    });
    expect(download.stream).toBe(streamed);
    expect(sim.openSessions(e990.storageDeviceId)).toBe(1);
    expect((await readAll(download.stream)).length).toBe(download.contentLength);
    await download.sessionEnded;
    expect(sim.openSessions(e990.storageDeviceId)).toBe(0);
  });

  it("still discards the session when any other stream ends", async () => {
    const download = await streamWithStorageSession(target(e990), ADMIN, async () => ({
      stream: new ReadableStream<Uint8Array>({ pull: (controller) => controller.close() }),
    }));
    expect(sim.openSessions(e990.storageDeviceId)).toBe(1);
    await readAll(download.stream);
    await download.sessionEnded;
    expect(sim.openSessions(e990.storageDeviceId)).toBe(0);
  });

  it("discards the session when the caller cancels the stream", async () => {
    sim.setFault(big.storageDeviceId, { type: "slow-drip", bytesPerChunk: 1024, intervalMs: 20 });
    const download = await backup(big);
    const reader = download.stream.getReader();
    await reader.read();
    await reader.cancel();
    await download.sessionEnded;
    expect(sim.openSessions(big.storageDeviceId)).toBe(0);
  });

  it("discards the session when the caller's signal aborts mid-transfer", async () => {
    sim.setFault(big.storageDeviceId, { type: "slow-drip", bytesPerChunk: 1024, intervalMs: 20 });
    const controller = new AbortController();
    const download = await streamWithStorageSession(
      target(big),
      ADMIN,
      ({ client, session }) => backupEncryptionKeys(client, session, BACKUP_PASSWORD, { signal: controller.signal }),
      { signal: controller.signal },
    );
    const reader = download.stream.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    await download.sessionEnded;
  });
});

describe("error kinds", () => {
  it("auth: wrong storage password", async () => {
    const error = await expectKind(backup(e990, {}, { username: "secadmin", password: "wrong-password" }), "auth");
    expect(error.status).toBe(401);
  });

  it("permission: a View Only security administrator cannot back up", async () => {
    const error = await expectKind(backup(e990, {}, VIEWER), "permission");
    expect(error.status).toBe(403);
  });

  async function withLockHeld<T>(system: SimSystemInfo, work: () => Promise<T>): Promise<T> {
    const client = new StorageClient(target(system));
    const holder = await createSession(client, ADMIN);
    try {
      await client.send("locking", client.urls.service("resource-group-service/actions/lock/invoke"), {
        method: "POST",
        headers: holder.headers(),
        json: { parameters: { waitTime: 0 } },
      });
      return await work();
    } finally {
      await client.send("discarding", client.urls.object(`sessions/${holder.sessionId}`), {
        method: "DELETE",
        headers: holder.headers(),
      });
      await client.close();
    }
  }

  /** Runs `work` with `settings` applied to `system`, then puts the defaults back. */
  async function withSettings<T>(
    system: SimSystemInfo,
    settings: Parameters<Simulator["updateSettings"]>[1],
    work: () => Promise<T>,
  ): Promise<T> {
    const before = sim.settings(system.storageDeviceId);
    sim.updateSettings(system.storageDeviceId, settings);
    try {
      return await work();
    } finally {
      sim.updateSettings(system.storageDeviceId, before);
    }
  }

  it("locked: resources locked through the REST API (messageId)", async () => {
    const error = await withLockHeld(e990, () => expectKind(backup(e990), "locked"));
    expect(error.status).toBe(409);
    expect(error.step).toBe("backup");
    expect(error.storage?.messageId).toBe("KART40050-E");
    expect(error.message).toMatch(/unlock/i);
  });

  it("locked: by SSB codes only, whatever the status", async () => {
    const error = await withSettings(e990, { lockRefusalForm: "ssb-only", lockRefusalStatus: 500 }, () =>
      withLockHeld(e990, () => expectKind(backup(e990), "locked")),
    );
    expect(error.status).toBe(500);
    expect(error.storage?.errorCode).toMatchObject({ SSB1: "2E11", SSB2: "2205" });
  });

  it("held: another management application holds the storage system (KART30008-E)", async () => {
    const error = await withSettings(e990, { heldByOtherApplication: true }, () => expectKind(backup(e990), "held"));
    expect(error.storage?.messageId).toBe("KART30008-E");
    expect(error.message).toMatch(/another management application/i);
  });

  it("unsupported: the storage system answers 412, and the message quotes it", async () => {
    const error = await withSettings(g370, { refusesKeyBackup: true }, () => expectKind(backup(g370), "unsupported"));
    expect(error.status).toBe(412);
    expect(error.step).toBe("backup");
    expect(error.message).toMatch(/does not support this operation/);
  });

  it("framing: a chunked key file is accepted", async () => {
    const download = await withSettings(e990, { backupFraming: "chunked" }, () => backup(e990));
    expect(download.contentLength).toBeUndefined();
    expect((await readAll(download.stream)).length).toBeGreaterThan(0);
    await download.sessionEnded;
  });

  it("framing: a close-delimited key file is refused, and the session discarded", async () => {
    const error = await withSettings(e990, { backupFraming: "close" }, () => expectKind(backup(e990), "protocol"));
    expect(error.step).toBe("backup");
    expect(error.message).toMatch(/neither a Content-Length nor chunked framing/);
  });

  it("busy: a 503 busy answer", async () => {
    sim.setFault(e990.storageDeviceId, { type: "busy-503" });
    const error = await expectKind(backup(e990), "busy");
    expect(error.storage?.messageId).toBe("KART00003-E");
  });

  it("busy: the session limit of the storage system", async () => {
    const client = new StorageClient(target(e990));
    const held = [];
    try {
      for (let i = 0; i < 64; i++) held.push(await createSession(client, VIEWER));
      const error = await expectKind(backup(e990), "busy");
      expect(error.status).toBe(503);
      expect(error.step).toBe("session");
      expect(error.message).toMatch(/64 sessions/);
    } finally {
      for (const session of held) {
        await client.send("discarding", client.urls.object(`sessions/${session.sessionId}`), {
          method: "DELETE",
          headers: session.headers(),
        });
      }
      await client.close();
    }
  });

  it("not-found: an unknown object", async () => {
    await expectKind(
      withStorageSession(target(e990), ADMIN, ({ client, session }) =>
        client.send("reading a key", client.urls.object("encryption-keys/4000"), { headers: session.headers() }),
      ),
      "not-found",
    );
  });

  it("bad-request: a backup password the system's stricter policy refuses", async () => {
    const error = await expectKind(backup(strict), "bad-request");
    expect(error.status).toBe(400);
    expect(error.storage?.message).toBeTruthy();
  });

  it("server: a 500 with an HTML page still gives a clear message", async () => {
    sim.setFault(e990.storageDeviceId, { type: "html-500" });
    const error = await expectKind(backup(e990), "server");
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/HTML page/);
    expect(error.storage).toBeUndefined();
  });

  it("unreachable: nothing listens at the address", async () => {
    const port = await closedPort();
    await expectKind(backup(e990, { baseUrl: `https://127.0.0.1:${port}/ConfigurationManager` }), "unreachable");
  });

  it("unreachable: the connection is reset before the answer", async () => {
    sim.setFault(e990.storageDeviceId, { type: "reset", on: "session-create" });
    await expectKind(backup(e990), "unreachable");
  });

  it("tls: a certificate that does not match the pin", async () => {
    const otherPem = (await generate([{ name: "commonName", value: "other" }], { keyType: "ec", algorithm: "sha256" }))
      .cert;
    const error = await expectKind(
      backup(e990, {
        trust: {
          kind: "pin",
          sha256Fingerprint: new X509Certificate(otherPem).fingerprint256,
          certificatePem: otherPem,
        },
      }),
      "tls",
    );
    expect(error.message).toMatch(/pinned/);
  });

  it("tls: a pin whose fingerprint does not match even with the right anchor", async () => {
    await expectKind(
      backup(e990, {
        trust: { kind: "pin", sha256Fingerprint: "00".repeat(32), certificatePem: sim.certificatePem },
      }),
      "tls",
    );
  });

  it("tls: a self-signed certificate is not trusted by the system store", async () => {
    await expectKind(backup(e990, { trust: { kind: "system" } }), "tls");
  });

  it("tls: the CA form trusts a certificate it issued", async () => {
    const download = await backup(e990, { trust: { kind: "ca", caCertificatePem: sim.certificatePem } });
    expect((await readAll(download.stream)).length).toBe(download.contentLength);
    await download.sessionEnded;
  });

  it("tls: the CA form checks the host name", async () => {
    const pems = await generate([{ name: "commonName", value: "other.example" }], {
      keyType: "ec",
      algorithm: "sha256",
      extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "other.example" }] }],
    });
    const server = createHttpsServer({ cert: pems.cert, key: pems.private }, (_req, res) => res.end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const error = await expectKind(
        backup(e990, {
          baseUrl: `https://127.0.0.1:${port}/ConfigurationManager`,
          trust: { kind: "ca", caCertificatePem: pems.cert },
        }),
        "tls",
      );
      expect(error.message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("timeout: no headers in time", async () => {
    sim.setFault(e990.storageDeviceId, { type: "delay-headers", ms: 1500 });
    await expectKind(backup(e990, { timeouts: { headersMs: 300 } }), "timeout");
  });

  it("timeout: the body stalls mid-transfer", async () => {
    sim.setFault(e990.storageDeviceId, { type: "slow-drip", bytesPerChunk: 64, intervalMs: 1500 });
    const download = await backup(e990, { timeouts: { bodyIdleMs: 300 } });
    await expectKind(readAll(download.stream), "timeout");
    await download.sessionEnded;
  });

  it("protocol: a 200 that is not a key file", async () => {
    sim.setFault(e990.storageDeviceId, { type: "wrong-content-type" });
    const error = await expectKind(backup(e990), "protocol");
    expect(error.message).toMatch(/text\/html/);
  });

  it("protocol: a body that ends short of its Content-Length", async () => {
    sim.setFault(big.storageDeviceId, { type: "truncate", afterBytes: 100_000 });
    const download = await backup(big);
    const error = await expectKind(readAll(download.stream), "protocol");
    expect(error.message).toMatch(/broke off|ended after/);
    await download.sessionEnded;
  });

  it("protocol: a connection reset mid-body", async () => {
    sim.setFault(big.storageDeviceId, { type: "reset", afterBytes: 100_000 });
    const download = await backup(big);
    await expectKind(readAll(download.stream), "protocol");
    await download.sessionEnded;
  });

  it("never sends a request over plain HTTP unless allowed", async () => {
    await expectKind(backup(e990, { baseUrl: e990.baseUrl.replace("https:", "http:") }), "bad-request");
  });
});
