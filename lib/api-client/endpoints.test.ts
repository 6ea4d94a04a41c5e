import { afterEach, describe, expect, it, vi } from "vitest";

import type { AuditItem } from "@/lib/schemas/audit";
import type { BackupItem } from "@/lib/schemas/backup";
import type { CertificateFacts, SystemView, TestConnectionResult } from "@/lib/schemas/system";
import type { PublicUser } from "@/lib/schemas/user";

import { ApiError } from "./api-error";
import { fetchAuditPage } from "./audit";
import { completeSetup, fetchMe, signIn, signOut } from "./auth";
import { fetchBackup, fetchBackupPage } from "./backups";
import {
  fetchSystem,
  fetchSystems,
  inspectCertificate,
  registerSystem,
  removeSystem,
  testConnection,
  updateSystem,
} from "./systems";
import { firstCall, stubAnswer } from "./test-support";
import { createUser, fetchUsers, updateUser } from "./users";

const AT = "2026-05-01T10:00:00.000Z";
const SYSTEM: SystemView = {
  id: "s 1",
  name: "VSP E990",
  baseUrl: "https://192.0.2.10/ConfigurationManager",
  storageDeviceId: null,
  trust: { kind: "pin", sha256Fingerprint: "AB:CD", subject: "CN=array", validTo: AT },
  identity: null,
  keyBackupRefusal: null,
  passwordPolicy: null,
  removed: false,
  removedAt: null,
  createdAt: AT,
  updatedAt: AT,
};
const USER: PublicUser = {
  id: "u-1",
  username: "op",
  role: "operator",
  disabled: false,
  createdAt: AT,
  updatedAt: AT,
  passwordChangedAt: AT,
};
const ME = { username: "op", role: "operator" } as const;
const CERTIFICATE: CertificateFacts = {
  subject: "CN=array",
  issuer: "CN=array",
  validFrom: AT,
  validTo: AT,
  sha256Fingerprint: "AB:CD",
  pem: "-----BEGIN CERTIFICATE-----\n...",
  selfSigned: true,
};
const IDENTITY = {
  model: "VSP E990",
  serialNumber: 412345,
  storageDeviceId: null,
  microcode: "93-07-01-80/00",
  apiVersion: "1.9.0",
  checkedAt: AT,
};
const TESTED: TestConnectionResult = {
  identity: IDENTITY,
  apiVersion: "1.9.0",
  message: "Connected to VSP E990, serial 412345, microcode 93-07-01-80/00.",
  system: SYSTEM,
};
const AUDIT: AuditItem = {
  id: "a-1",
  at: AT,
  actor: "admin",
  actorUserId: "u-0",
  clientIp: "192.0.2.1",
  action: "system.register",
  target: { type: "system", id: "s 1", label: "VSP E990" },
  outcome: "success",
  detail: null,
};
const BACKUP: BackupItem = {
  id: "b/1",
  systemId: "s 1",
  startedAt: AT,
  finishedAt: AT,
  username: "op",
  status: "succeeded",
  bytes: 10,
  sha256: "00",
  fileName: "x.ekf",
  durationMs: 5,
  model: "VSP E990",
  serialNumber: 412345,
  microcode: "93-07-01-80/00",
  error: null,
};

type Case = {
  name: string;
  call: () => Promise<unknown>;
  method: string;
  url: string;
  body?: unknown;
  /** What the portal answers with; undefined for 204. */
  answer?: unknown;
  result: unknown;
};

const CASES: Case[] = [
  {
    name: "fetchSystems",
    call: () => fetchSystems(),
    method: "GET",
    url: "/api/systems",
    answer: { systems: [SYSTEM] },
    result: [SYSTEM],
  },
  {
    name: "fetchSystems (removed too)",
    call: () => fetchSystems({ includeRemoved: true }),
    method: "GET",
    url: "/api/systems?includeRemoved=1",
    answer: { systems: [] },
    result: [],
  },
  {
    name: "fetchSystem",
    call: () => fetchSystem("s 1"),
    method: "GET",
    url: "/api/systems/s%201",
    answer: { system: SYSTEM },
    result: SYSTEM,
  },
  {
    name: "registerSystem",
    call: () => registerSystem({ name: "VSP E990", baseUrl: SYSTEM.baseUrl, trust: { sha256Fingerprint: "AB:CD" } }),
    method: "POST",
    url: "/api/systems",
    body: { name: "VSP E990", baseUrl: SYSTEM.baseUrl, trust: { sha256Fingerprint: "AB:CD" } },
    answer: { system: SYSTEM },
    result: SYSTEM,
  },
  {
    name: "updateSystem",
    call: () => updateSystem("s 1", { passwordPolicy: null }),
    method: "PATCH",
    url: "/api/systems/s%201",
    body: { passwordPolicy: null },
    answer: { system: SYSTEM },
    result: SYSTEM,
  },
  {
    name: "removeSystem",
    call: () => removeSystem("s 1"),
    method: "DELETE",
    url: "/api/systems/s%201",
    result: undefined,
  },
  {
    name: "inspectCertificate",
    call: () => inspectCertificate(SYSTEM.baseUrl),
    method: "POST",
    url: "/api/systems/inspect-certificate",
    body: { baseUrl: SYSTEM.baseUrl },
    answer: { certificate: CERTIFICATE },
    result: CERTIFICATE,
  },
  {
    name: "testConnection",
    call: () => testConnection("s 1", { storageUsername: "sec", storagePassword: "pw" }),
    method: "POST",
    url: "/api/systems/s%201/test-connection",
    body: { storageUsername: "sec", storagePassword: "pw" },
    answer: TESTED,
    result: TESTED,
  },
  {
    name: "fetchUsers",
    call: () => fetchUsers(),
    method: "GET",
    url: "/api/users",
    answer: { users: [USER] },
    result: [USER],
  },
  {
    name: "createUser",
    call: () => createUser({ username: "op", role: "operator", password: "a long password" }),
    method: "POST",
    url: "/api/users",
    body: { username: "op", role: "operator", password: "a long password" },
    answer: { user: USER },
    result: USER,
  },
  {
    name: "updateUser",
    call: () => updateUser("u-1", { disabled: true }),
    method: "PATCH",
    url: "/api/users/u-1",
    body: { disabled: true },
    answer: { user: USER },
    result: USER,
  },
  {
    name: "fetchAuditPage",
    call: () => fetchAuditPage("c1"),
    method: "GET",
    url: "/api/audit?limit=50&cursor=c1",
    answer: { items: [AUDIT], nextCursor: null },
    result: { items: [AUDIT], nextCursor: null },
  },
  {
    name: "signIn",
    call: () => signIn({ username: "op", password: "pw" }),
    method: "POST",
    url: "/api/auth/login",
    body: { username: "op", password: "pw" },
    answer: { user: ME },
    result: ME,
  },
  { name: "signOut", call: () => signOut(), method: "POST", url: "/api/auth/logout", result: undefined },
  {
    name: "completeSetup",
    call: () => completeSetup({ token: "t", username: "admin", password: "a long password" }),
    method: "POST",
    url: "/api/setup",
    body: { token: "t", username: "admin", password: "a long password" },
    answer: { user: { username: "admin", role: "admin" } },
    result: { username: "admin", role: "admin" },
  },
  { name: "fetchMe", call: () => fetchMe(), method: "GET", url: "/api/me", answer: ME, result: ME },
  {
    name: "fetchBackupPage",
    call: () => fetchBackupPage("s 1", null),
    method: "GET",
    url: "/api/systems/s%201/backups?limit=50",
    answer: { items: [BACKUP], nextCursor: "n" },
    result: { items: [BACKUP], nextCursor: "n" },
  },
  {
    name: "fetchBackup",
    call: () => fetchBackup("s 1", "b/1"),
    method: "GET",
    url: "/api/systems/s%201/backups/b%2F1",
    answer: { backup: BACKUP },
    result: BACKUP,
  },
];

afterEach(() => {
  vi.unstubAllGlobals();
});

describe.each(CASES)("$name", ({ call, method, url, body, answer, result }) => {
  it(`calls ${method} ${url} and resolves with the parsed answer`, async () => {
    const fetchMock = stubAnswer(answer === undefined ? 204 : 200, answer);
    await expect(call()).resolves.toEqual(result);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [calledUrl, init] = firstCall(fetchMock);
    expect(calledUrl).toBe(url);
    expect(init.method).toBe(method);
    expect(init.body).toBe(body === undefined ? undefined : JSON.stringify(body));
  });

  it("rejects an answer that does not match its schema", async () => {
    stubAnswer(200, { unexpected: true });
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "UNEXPECTED_RESPONSE", status: 200 });
  });
});
