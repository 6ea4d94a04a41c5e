import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { E990, MODIFY, NONE, startTestSimulator, VIEW, type TestClient, type TestSimulator } from "./test-support";

interface ApiKey {
  keyId: string;
  createdTime: string;
  keyType: string;
  uuid: string;
  targetDeviceLocation: string;
  keyGeneratedLocation: string;
  numOfBackups: number;
}

let t: TestSimulator;
let api: TestClient;
let id: string;
let viewerToken: string;

async function listKeys(query: string, token = viewerToken): Promise<ApiKey[]> {
  const response = await api.request("GET", `/v1/objects/encryption-keys${query}`, { token });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: ApiKey[] }).data;
}

beforeAll(async () => {
  // More keys than one page holds, so paging is needed.
  t = await startTestSimulator([{ ...E990, keyCount: 1500 }], { serverForm: false });
  api = t.client(0);
  id = t.sim.systems[0]!.storageDeviceId;
  viewerToken = (await api.login(VIEW)).token;
});
afterAll(() => t.close());

describe("encryption keys", () => {
  it("lists at most 1024 keys, sorted by keyId, in the API's shape", async () => {
    const page = await listKeys("?keyType=DEKANDFREE");
    expect(page).toHaveLength(1024);
    expect(page.map((key) => Number(key.keyId))).toEqual([...Array(1024).keys()]);
    expect(page[0]).toEqual({
      keyId: "0",
      createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      keyType: "DEK",
      uuid: "-",
      targetDeviceLocation: expect.stringMatching(/^HDD\d\d-\d\d$/),
      keyGeneratedLocation: "DKC",
      numOfBackups: 0,
    });
  });

  it("pages with startKeyId and count", async () => {
    const all: ApiKey[] = [];
    let start = 0;
    for (;;) {
      const page = await listKeys(`?keyType=DEKANDFREE&startKeyId=${start}&count=500`);
      all.push(...page);
      if (page.length < 500) break;
      start = Number(page.at(-1)!.keyId) + 1;
    }
    expect(all).toHaveLength(1500);
    expect(new Set(all.map((key) => key.keyId)).size).toBe(1500);
  });

  it("filters by keyType and creation time", async () => {
    const free = await listKeys("?keyType=FREE");
    expect(free.length).toBeGreaterThan(0);
    expect(free.every((key) => key.keyType === "FREE" && key.targetDeviceLocation === "-")).toBe(true);
    const dek = await listKeys("?keyType=DEK&count=1024");
    expect(dek.every((key) => key.keyType === "DEK")).toBe(true);
    expect(await listKeys("?keyType=KEK")).toEqual([]);
    expect((await listKeys("?keyType=DEKANDFREE&startKeyId=1000")).length).toBe(500);

    const sample = (await listKeys("?keyType=DEKANDFREE&startKeyId=10&count=1"))[0]!;
    const exact = await listKeys(
      `?keyType=DEK&startCreatedTime=${sample.createdTime}&endCreatedTime=${sample.createdTime}`,
    );
    expect(exact.map((key) => key.keyId)).toEqual([sample.keyId]);
  });

  it("requires keyType: without it the listing is 400 KART40046-E", async () => {
    for (const query of ["", "?count=10", "?startKeyId=0"]) {
      const response = await api.request("GET", `/v1/objects/encryption-keys${query}`, { token: viewerToken });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/json;charset=utf-8");
      const body = (await response.json()) as { messageId: string; message: string };
      expect(body.messageId).toBe("KART40046-E");
      expect(body.message).toContain("keyType");
    }
  });

  it("rejects invalid query parameters with 400", async () => {
    for (const query of [
      "?keyType=DEK&count=0",
      "?keyType=DEK&count=1025",
      "?keyType=DEK&count=abc",
      "?keyType=DEK&startKeyId=-1",
      "?keyType=DEK&startKeyId=4096",
      "?keyType=ALL",
      "?keyType=DEK&startCreatedTime=2024-01-01",
      "?keyType=DEK&unknown=1",
    ]) {
      const response = await api.request("GET", `/v1/objects/encryption-keys${query}`, { token: viewerToken });
      expect(response.status, query).toBe(400);
    }
  });

  it("shows one key, or 404", async () => {
    const response = await api.request("GET", "/v1/objects/encryption-keys/7", { token: viewerToken });
    expect(((await response.json()) as ApiKey).keyId).toBe("7");
    expect((await api.request("GET", "/v1/objects/encryption-keys/4000", { token: viewerToken })).status).toBe(404);
  });

  it("needs Security Administrator (View Only) to read keys (403 for a storage-only user)", async () => {
    const { token } = await api.login(NONE);
    expect((await api.request("GET", "/v1/objects/encryption-keys?keyType=DEK", { token })).status).toBe(403);
    expect((await api.request("GET", "/v1/objects/encryption-key-counts/instance", { token })).status).toBe(403);
  });

  it("creates free keys through a completed job, within the 4096 cap", async () => {
    const { token } = await api.login(MODIFY);
    t.clock.advance(60_000);
    const response = await api.request("POST", "/v1/objects/encryption-keys", { token, json: { count: 3 } });
    expect(response.status).toBe(202);
    const job = (await response.json()) as {
      jobId: number;
      self: string;
      state: string;
      status: string;
      affectedResources: string[];
    };
    expect(job).toMatchObject({ status: "Completed", state: "Succeeded", userId: "secadmin" });
    expect(job.self).toBe(`/ConfigurationManager/v1/objects/jobs/${job.jobId}`);
    expect(job.affectedResources).toHaveLength(3);

    const polled = await api.request("GET", `/v1/objects/jobs/${job.jobId}`, { token });
    expect(await polled.json()).toEqual(job);

    const keys = t.sim.listKeys(id);
    expect(keys).toHaveLength(1503);
    const newest = keys.slice(-3);
    expect(newest.every((key) => key.keyType === "FREE" && key.numOfBackups === 0)).toBe(true);
    expect(newest[0]!.createdTime > keys[0]!.createdTime).toBe(true);

    const counts = await api.request("GET", "/v1/objects/encryption-key-counts/instance", { token });
    expect(await counts.json()).toMatchObject({ numOfKeys: 1503, maxNumOfKeys: 4096 });

    const tooMany = await api.request("POST", "/v1/objects/encryption-keys", {
      token,
      json: { count: 4096 - 1503 + 1 },
    });
    expect(tooMany.status).toBe(400);
    expect(
      (await api.request("POST", "/v1/objects/encryption-keys", { token: viewerToken, json: { count: 1 } })).status,
    ).toBe(403);
    expect((await api.request("GET", "/v1/objects/jobs/99999", { token })).status).toBe(404);
  });
});
