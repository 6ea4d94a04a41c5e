import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";

import { POST as backup, GET as list } from "@/app/api/systems/[id]/backups/route";
import { backupInput, closedPort, drain, otherCertificate, registerSimSystem } from "@/lib/backups/test-support";
import { insertSystem, type StorageSystem } from "@/lib/db/storage-systems";
import type { AppErrorCode } from "@/lib/errors/codes";
import { apiErrorSchema, type ApiErrorDetail } from "@/lib/schemas/api-error";
import { BACKUP_EXPECTED_SIZE_HEADER, BACKUP_ID_HEADER, backupPageSchema } from "@/lib/schemas/backup";
import { createCertificate, type SimulatorCertificate } from "@/lib/simulator/certificate";
import { E990, startTestSimulator, type TestSimulator } from "@/lib/simulator/test-support";
import type { Fault } from "@/lib/simulator/types";
import { DEFAULT_TIMEOUTS, type StorageTimeouts } from "@/lib/storage-api";
import { apiRequest, openRouteTestDb, routeContext, type RouteTestDb } from "@/lib/test-support/auth";

/*
 * One row per fault the simulator can inject, through the real route handler and the real HTTPS
 * simulator. For each: what the user sees (status, code, the mapped message), the history row
 * final with that error, a transfer that fails rather than completes, and no storage session left
 * open on the array.
 */

/** How the row's system is registered, and so which simulator answers it. */
type Via =
  /** The simulator's certificate pinned, as an admin confirms it (the usual case). */
  | "pin"
  /** A port nothing listens on. */
  | "closed-port"
  /** CA trust in a CA that did not issue the simulator's certificate. */
  | "unknown-ca"
  /** Another certificate pinned: the array's certificate changed since it was confirmed. */
  | "changed-pin"
  /** CA trust in a simulator whose certificate names other.example only, reached at 127.0.0.1. */
  | "misnamed-ca"
  /** A simulator whose certificate expired a year ago, pinned / trusted as its own CA. */
  | "expired-pin"
  | "expired-ca";

interface Row {
  name: string;
  via?: Via;
  fault?: Fault;
  /** The POST's status: the mapped error's, or 200 for a fault that hits after the headers were sent. */
  status: number;
  code: AppErrorCode;
  /** A distinctive part of the message the portal maps the fault to. */
  message: RegExp;
  /** Whether the portal got as far as opening a storage session (which it must then discard). */
  session: boolean;
}

const SIGNING_IN = "creating a session";
const BACKING_UP = "backing up the encryption keys";
const ADMIN_CHECKS_TRUST = /An admin must check the certificate trust configured for this system\.$/;

const rows: Row[] = [
  // Connection-level: no HTTP answer at all, so no session.
  {
    name: "refused connection",
    via: "closed-port",
    status: 502,
    code: "STORAGE_UNREACHABLE",
    message: new RegExp(`^The storage system could not be reached \\(${SIGNING_IN}: ECONNREFUSED\\)`),
    session: false,
  },
  {
    name: "unknown CA",
    via: "unknown-ca",
    status: 502,
    code: "STORAGE_TLS_ERROR",
    message: new RegExp(`TLS certificate was not trusted \\(${SIGNING_IN}: DEPTH_ZERO_SELF_SIGNED_CERT\\)`),
    session: false,
  },
  {
    name: "changed certificate",
    via: "changed-pin",
    status: 502,
    code: "STORAGE_TLS_ERROR",
    message:
      /^The storage system presented a certificate that does not match the pinned one\. If its certificate was replaced, an admin must confirm the new certificate\./,
    session: false,
  },
  {
    name: "hostname mismatch",
    via: "misnamed-ca",
    status: 502,
    code: "STORAGE_TLS_ERROR",
    message: new RegExp(`TLS certificate was not trusted \\(${SIGNING_IN}: ERR_TLS_CERT_ALTNAME_INVALID\\)`),
    session: false,
  },
  {
    name: "expired certificate (pinned)",
    via: "expired-pin",
    status: 502,
    code: "STORAGE_TLS_ERROR",
    // Not "does not match the pinned one": it is the pinned certificate, past its end date.
    message: new RegExp(`TLS certificate has expired \\(${SIGNING_IN}: CERT_HAS_EXPIRED\\); it must be renewed on the`),
    session: false,
  },
  {
    name: "expired certificate (CA trust)",
    via: "expired-ca",
    status: 502,
    code: "STORAGE_TLS_ERROR",
    message: new RegExp(`TLS certificate has expired \\(${SIGNING_IN}: CERT_HAS_EXPIRED\\); it must be renewed on the`),
    session: false,
  },
  // The backup request itself, inside a session.
  {
    name: "slow headers",
    fault: { type: "delay-headers", ms: 4000 },
    status: 504,
    code: "STORAGE_TIMEOUT",
    message: new RegExp(
      `did not answer in time \\(${BACKING_UP}: waiting for the answer\\)\\. Try again; if it persists`,
    ),
    session: true,
  },
  {
    name: "stalled body",
    fault: { type: "slow-drip", bytesPerChunk: 64, intervalMs: 4000 },
    status: 200,
    code: "STORAGE_TIMEOUT",
    message: new RegExp(`did not answer in time \\(${BACKING_UP}, after 64 bytes: the transfer stalled\\)`),
    session: true,
  },
  {
    name: "reset after N bytes",
    fault: { type: "reset", afterBytes: 100 },
    status: 200,
    code: "STORAGE_ERROR",
    message: new RegExp(`^The transfer from the storage system broke off \\(${BACKING_UP}, after 100 bytes\\)`),
    session: true,
  },
  {
    name: "reset before the headers",
    fault: { type: "reset" },
    status: 502,
    code: "STORAGE_UNREACHABLE",
    message: new RegExp(`^The storage system could not be reached \\(${BACKING_UP}: ECONNRESET\\)`),
    session: true,
  },
  {
    name: "short body",
    fault: { type: "truncate", afterBytes: 100 },
    status: 200,
    code: "STORAGE_ERROR",
    message: new RegExp(
      `broke off \\(${BACKING_UP}, after 100 bytes\\)\\. Try again; if it persists, check for a proxy`,
    ),
    session: true,
  },
  {
    name: "HTML 200 (a proxy's login page)",
    fault: { type: "wrong-content-type" },
    status: 502,
    code: "STORAGE_ERROR",
    message:
      /^The storage system answered the backup with text\/html; charset=utf-8 instead of a key file \(application\/octet-stream\); a proxy may be in front of it/,
    session: true,
  },
  {
    name: "HTML 500",
    fault: { type: "html-500" },
    status: 502,
    code: "STORAGE_ERROR",
    message: new RegExp(
      `internal error \\(${BACKING_UP}: HTTP 500\\): the answer was an HTML page, not a REST API error`,
    ),
    session: true,
  },
  {
    name: "busy (503, KART00003-E)",
    fault: { type: "busy-503" },
    status: 503,
    code: "STORAGE_BUSY",
    message: new RegExp(`^The storage system is busy \\(${BACKING_UP}: HTTP 503, KART00003-E\\).* wait a minute, then`),
    session: true,
  },
  {
    name: "redirect",
    fault: { type: "redirect" },
    status: 502,
    code: "STORAGE_ERROR",
    message: new RegExp(
      `answered ${BACKING_UP} with a redirect \\(HTTP 302\\); redirects are not followed\\. Check the base`,
    ),
    session: true,
  },
  {
    name: "401",
    fault: { type: "status", status: 401 },
    status: 422,
    code: "STORAGE_AUTH_FAILED",
    message: new RegExp(
      `refused the credentials or the session \\(${BACKING_UP}: HTTP 401, KART90000-E\\).* Check the storage user`,
    ),
    session: true,
  },
  {
    name: "403",
    fault: { type: "status", status: 403 },
    status: 422,
    code: "STORAGE_PERMISSION_DENIED",
    message:
      /HTTP 403, KART90000-E\).* Backing up the encryption keys needs Security Administrator \(View & Modify\)\./,
    session: true,
  },
  {
    name: "404",
    fault: { type: "status", status: 404 },
    status: 502,
    code: "STORAGE_ERROR",
    message:
      /does not know the requested object .*HTTP 404.* Either the base URL or storageDeviceId of this system is wrong/,
    session: true,
  },
  {
    name: "406",
    fault: { type: "status", status: 406 },
    status: 502,
    code: "STORAGE_ERROR",
    message: new RegExp(`^The storage system rejected the request \\(${BACKING_UP}: HTTP 406, KART90000-E\\)`),
    session: true,
  },
  {
    name: "409",
    fault: { type: "status", status: 409 },
    status: 502,
    code: "STORAGE_ERROR",
    message:
      /conflicts with the system's current state .*HTTP 409.* The storage system's message and solution say what/,
    session: true,
  },
  {
    name: "412",
    fault: { type: "status", status: 412 },
    status: 412,
    code: "MICROCODE_UNSUPPORTED",
    message:
      /^matrix 412 \(microcode 93-07-01-80\/00\) refused to back up its encryption keys: ".*"\. Have the microcode/,
    session: true,
  },
  {
    name: "500",
    fault: { type: "status", status: 500 },
    status: 502,
    code: "STORAGE_ERROR",
    message: new RegExp(
      `reported an internal error \\(${BACKING_UP}: HTTP 500, KART90000-E\\).* check the storage system's health`,
    ),
    session: true,
  },
  {
    name: "503",
    fault: { type: "status", status: 503 },
    status: 503,
    code: "STORAGE_BUSY",
    message: new RegExp(`^The storage system is busy \\(${BACKING_UP}: HTTP 503, KART90000-E\\)`),
    session: true,
  },
];

// The route passes runBackup no timeouts, so the storage client's defaults are what it reads:
// short ones for this file, so that a slow or stalled row ends in about a second.
const FAST_TIMEOUTS: StorageTimeouts = { connectMs: 2000, headersMs: 750, bodyIdleMs: 750 };
const savedTimeouts: StorageTimeouts = { ...DEFAULT_TIMEOUTS };

let t: RouteTestDb<"operator" | "viewer">;
let main: TestSimulator;
let expired: TestSimulator;
let misnamed: TestSimulator;
/** The simulators' request log: method, path, status (never a header or a body). */
const requests: string[] = [];
const count = (pattern: RegExp) => requests.filter((line) => pattern.test(line)).length;
const SESSION_CREATED = / POST \S+\/v1\/objects\/sessions 200$/;
const SESSION_DISCARDED = / DELETE \S+\/v1\/objects\/sessions\/\d+ 200$/;

/** A certificate that names other.example only (not 127.0.0.1, where the simulator listens). */
async function otherHostCertificate(): Promise<SimulatorCertificate> {
  const pems = await generate([{ name: "commonName", value: "other.example" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "other.example" }] }],
  });
  return { certPem: pems.cert, keyPem: pems.private, sha256Fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

beforeAll(async () => {
  Object.assign(DEFAULT_TIMEOUTS, FAST_TIMEOUTS);
  t = await openRouteTestDb(["operator", "viewer"], "matrix");
  const yearMs = 365 * 24 * 60 * 60 * 1000;
  const options = { serverForm: false, log: (line: string) => void requests.push(line) };
  [main, expired, misnamed] = await Promise.all([
    startTestSimulator([E990], options),
    startTestSimulator([E990], {
      ...options,
      certificate: await createCertificate({ now: () => Date.now() - 2 * yearMs }),
    }),
    startTestSimulator([E990], { ...options, certificate: await otherHostCertificate() }),
  ]);
});
afterEach(async () => {
  // A row that failed half-way must leave no fault, session or request log to the next one.
  const simulators = [main, expired, misnamed];
  for (const { sim } of simulators) sim.clearFaults();
  await vi.waitFor(
    () => {
      for (const { sim } of simulators) expect(sim.openSessions(sim.systems[0]!.storageDeviceId)).toBe(0);
      expect(count(SESSION_DISCARDED)).toBe(count(SESSION_CREATED));
    },
    { timeout: 5000 },
  );
  requests.length = 0;
});
afterAll(async () => {
  Object.assign(DEFAULT_TIMEOUTS, savedTimeouts);
  await Promise.all([main?.close(), expired?.close(), misnamed?.close()]);
  await t?.close();
});

function simulatorFor(via: Via): TestSimulator {
  if (via === "misnamed-ca") return misnamed;
  return via.startsWith("expired") ? expired : main;
}

/** A system of its own per row, so its history holds this row's backup only. */
async function register(via: Via, name: string): Promise<StorageSystem> {
  const { sim } = simulatorFor(via);
  const info = sim.systems[0]!;
  const ca = (caCertificatePem: string) =>
    insertSystem(t.db, { name, baseUrl: info.baseUrl, trustKind: "ca", caCertificatePem });
  switch (via) {
    case "pin":
    case "expired-pin":
      return registerSimSystem(t.db, sim, info, { name });
    case "closed-port":
      return registerSimSystem(t.db, sim, info, {
        name,
        baseUrl: `https://127.0.0.1:${await closedPort()}/ConfigurationManager`,
      });
    case "changed-pin":
      return registerSimSystem(t.db, sim, info, { name, pin: await otherCertificate() });
    case "unknown-ca":
      return ca((await otherCertificate()).certificatePem);
    case "misnamed-ca":
    case "expired-ca":
      return ca(sim.certificatePem);
  }
}

async function historyOf(system: StorageSystem) {
  const response = await list(
    apiRequest("GET", `/api/systems/${system.id}/backups`, { cookie: t.cookies.viewer }),
    routeContext({ id: system.id }),
  );
  expect(response.status).toBe(200);
  return backupPageSchema.parse(await response.json()).items;
}

it.each(rows)("$name: $status $code", async (row) => {
  const via = row.via ?? "pin";
  const simulator = simulatorFor(via);
  const device = simulator.sim.systems[0]!.storageDeviceId;
  const system = await register(via, `matrix ${row.name}`);
  if (row.fault) simulator.sim.setFault(device, row.fault);

  const response = await backup(
    apiRequest("POST", `/api/systems/${system.id}/backups`, { cookie: t.cookies.operator, body: backupInput() }),
    routeContext({ id: system.id }),
  );

  // 1. What the user sees; whatever it is, the transfer fails rather than completes.
  expect(response.status).toBe(row.status);
  let shown: ApiErrorDetail | undefined;
  let arrived: number | undefined;
  if (row.status === 200) {
    // The fault hit after the headers: the body errors, short of the announced size.
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    const announced = Number(response.headers.get(BACKUP_EXPECTED_SIZE_HEADER));
    expect(announced).toBeGreaterThan(0);
    const { bytes, error } = await drain(response.body!);
    expect(error, "the body must error, not end").toBeDefined();
    expect(bytes.length).toBeLessThan(announced);
    arrived = bytes.length;
  } else {
    // An error answer in place of the file: JSON, no backup to save.
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get(BACKUP_ID_HEADER)).toBeNull();
    shown = apiErrorSchema.parse(await response.json()).error;
    expect(shown.code).toBe(row.code);
    expect(shown.message).toMatch(row.message);
  }

  // 2. The row is final: failed, with the error the user saw (after a broken transfer, the history shows it).
  const [item, ...others] = await historyOf(system);
  expect(others).toEqual([]);
  expect(item).toMatchObject({
    status: "failed",
    error: { code: row.code, message: expect.stringMatching(row.message) },
  });
  if (shown) expect(item!.error).toEqual({ code: shown.code, message: shown.message });
  else expect(item).toMatchObject({ id: response.headers.get(BACKUP_ID_HEADER), bytes: arrived });
  // A trust failure also says who acts on it.
  if (row.code === "STORAGE_TLS_ERROR") expect(item!.error?.message).toMatch(ADMIN_CHECKS_TRUST);

  // 3. No session left open: the one opened (if any) is discarded within a few seconds.
  await expect.poll(() => simulator.sim.openSessions(device), { timeout: 5000 }).toBe(0);
  await expect.poll(() => count(SESSION_DISCARDED), { timeout: 5000 }).toBe(count(SESSION_CREATED));
  expect(count(SESSION_CREATED)).toBe(row.session ? 1 : 0);
});
