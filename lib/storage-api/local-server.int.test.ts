import { createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { closedPort } from "@/lib/test-support/assertions";

import { UNFRAMED_BACKUP_MESSAGE } from "./backup";
import { INVALID_TOKEN_ADVICE, SESSION_LIMIT_SUMMARY } from "./errors";
import {
  backupEncryptionKeys,
  createSession,
  discardSession,
  getApiVersion,
  getStorageIdentity,
  listEncryptionKeys,
  StorageApiError,
  StorageClient,
  StorageSession,
} from "./index";

/*
 * Answers the storage client meets on real arrays (or through proxies) that the simulator need not
 * offer: a raw HTTP/1.1 server on loopback writes them byte for byte, framing included.
 */

interface Seen {
  method: string;
  path: string;
}
type Answer = (socket: Socket, request: Seen) => void;

let server: Server;
let port: number;
let answer: Answer;
const seen: Seen[] = [];
const closed: Promise<void>[] = [];

function readRequest(socket: Socket, done: (request: Seen) => void) {
  let buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = buffer.subarray(0, end).toString("latin1");
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (buffer.length < end + 4 + length) return;
    socket.off("data", onData);
    const [method = "", path = ""] = head.split(" ");
    done({ method, path });
  };
  socket.on("data", onData);
}

function http(status: string, headers: Record<string, string | number>, body = ""): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status}\r\n${lines.join("")}\r\n${body}`;
}

function json(status: string, value: unknown, contentType = "application/json;charset=utf-8"): Answer {
  const body = JSON.stringify(value);
  return (socket) => socket.end(http(status, { "Content-Type": contentType, "Content-Length": body.length }, body));
}

beforeAll(async () => {
  server = createServer((socket) => {
    closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
    socket.on("error", () => {});
    const next = () =>
      readRequest(socket, (request) => {
        seen.push(request);
        answer(socket, request);
        next();
      });
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterEach(() => {
  seen.length = 0;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(baseUrl = `http://127.0.0.1:${port}/ConfigurationManager`) {
  return new StorageClient({
    baseUrl,
    allowPlainHttp: true,
    trust: { kind: "system" },
    timeouts: { bodyIdleMs: 2000 },
  });
}
const session = new StorageSession(7, "d7b673af189048468c5af9bcf3bbbb6f");

async function failure(promise: Promise<unknown>): Promise<StorageApiError> {
  const error = await promise.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageApiError);
  return error as StorageApiError;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("the key file's framing", () => {
  it("refuses a close-delimited body before passing on a byte, and lets go of the connection", async () => {
    answer = (socket) => {
      socket.write(http("200 OK", { "Content-Type": "application/octet-stream", Connection: "close" }));
      socket.write(Buffer.alloc(1024, 1)); // and never ends: only the client can let go
    };
    const c = client();
    const before = closed.length;
    try {
      const error = await failure(backupEncryptionKeys(c, session, "Backup-Pass-42!"));
      expect(error).toMatchObject({ kind: "protocol", step: "backup", status: 200, message: UNFRAMED_BACKUP_MESSAGE });
      expect(error.message).toMatch(/cut short/);
      expect(error.message).toMatch(/proxy/);
      await closed[before];
    } finally {
      await c.close();
    }
  });

  it("accepts a chunked body", async () => {
    answer = (socket) => {
      socket.write(http("200 OK", { "Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked" }));
      socket.end("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    };
    const c = client();
    try {
      const download = await backupEncryptionKeys(c, session, "Backup-Pass-42!");
      expect(download.contentLength).toBeUndefined();
      expect((await readAll(download.stream)).toString()).toBe("hello world");
    } finally {
      await c.close();
    }
  });

  it("a chunked body cut short fails the stream", async () => {
    answer = (socket) => {
      socket.write(http("200 OK", { "Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked" }));
      socket.end("5\r\nhello\r\n");
    };
    const c = client();
    try {
      const download = await backupEncryptionKeys(c, session, "Backup-Pass-42!");
      expect(await failure(readAll(download.stream))).toMatchObject({ kind: "protocol", step: "backup" });
    } finally {
      await c.close();
    }
  });

  it("checks a Content-Length body against its length", async () => {
    answer = (socket) =>
      socket.end(http("200 OK", { "Content-Type": "application/octet-stream", "Content-Length": 11 }, "hello world"));
    const c = client();
    try {
      const download = await backupEncryptionKeys(c, session, "Backup-Pass-42!");
      expect(download.contentLength).toBe(11);
      expect((await readAll(download.stream)).toString()).toBe("hello world");
    } finally {
      await c.close();
    }
  });
});

describe("the step of every failure", () => {
  it("version: nothing listens", async () => {
    const c = client(`http://127.0.0.1:${await closedPort()}/ConfigurationManager`);
    try {
      expect(await failure(getApiVersion(c))).toMatchObject({ kind: "unreachable", step: "version" });
    } finally {
      await c.close();
    }
  });

  it("session: a 503 names the session limit, and is not retried", async () => {
    answer = json("503 Service Unavailable", { messageId: "KART00003-E", message: "The REST API server is busy." });
    const c = client();
    try {
      const error = await failure(createSession(c, { username: "u", password: "p" }));
      expect(error).toMatchObject({ kind: "busy", step: "session", status: 503 });
      expect(error.message).toContain(SESSION_LIMIT_SUMMARY);
      expect(error.message).toContain("The REST API server is busy.");
      expect(seen).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it("identity: an invalid token, and a JSON answer with parameters in its media type", async () => {
    answer = json("401 Unauthorized", { message: "The specified token is invalid." });
    const c = client();
    try {
      const error = await failure(getStorageIdentity(c, session));
      expect(error).toMatchObject({ kind: "auth", step: "identity", status: 401 });
      expect(error.message).toContain(INVALID_TOKEN_ADVICE);
      answer = json("200 OK", { storageDeviceId: "886000123456", model: "VSP G900", serialNumber: 123456 });
      expect(await getStorageIdentity(c, session)).toEqual({
        storageDeviceId: "886000123456",
        model: "VSP G900",
        serialNumber: 123456,
      });
    } finally {
      await c.close();
    }
  });

  it("identity: a body that breaks off", async () => {
    answer = (socket) => {
      socket.write(http("200 OK", { "Content-Type": "application/json", "Content-Length": 500 }, '{"model":'));
      socket.destroy();
    };
    const c = client();
    try {
      expect(await failure(getStorageIdentity(c, session))).toMatchObject({ kind: "protocol", step: "identity" });
    } finally {
      await c.close();
    }
  });

  it("keys: the required keyType is sent; a 404 stays not-found", async () => {
    answer = json("404 Not Found", { messageId: "KART30013-E" });
    const c = client();
    try {
      const error = await failure(listEncryptionKeys(c, session, { keyType: "DEK" }));
      expect(error).toMatchObject({ kind: "not-found", step: "keys", status: 404 });
      expect(seen[0]?.path).toMatch(/\/v1\/objects\/encryption-keys\?keyType=DEK&startKeyId=0&count=1024$/);
    } finally {
      await c.close();
    }
  });

  it("discard: a failed DELETE", async () => {
    answer = json("500 Internal Server Error", {}, "application/json");
    const c = client();
    try {
      expect(await failure(discardSession(c, session))).toMatchObject({ kind: "server", step: "discard" });
      expect(seen[0]).toEqual({ method: "DELETE", path: "/ConfigurationManager/v1/objects/sessions/7" });
    } finally {
      await c.close();
    }
  });
});
