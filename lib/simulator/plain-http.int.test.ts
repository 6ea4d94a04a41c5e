import { fetch } from "undici";
import { afterAll, beforeAll, expect, it } from "vitest";

import { startSimulator } from "./server";
import { E990 } from "./test-support";
import type { Simulator } from "./types";

let sim: Simulator;
const logged: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ systems: [E990], tls: false, serverForm: false, log: (line) => logged.push(line) });
});
afterAll(() => sim.close());

it("serves plain HTTP when tls is false, without a certificate or server form", async () => {
  expect(sim.systems[0]!.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ConfigurationManager$/);
  expect(sim.certificatePem).toBe("");
  expect(sim.serverFormBaseUrl).toBeUndefined();
  const response = await fetch(`${sim.systems[0]!.baseUrl}/configuration/version`);
  expect(response.status).toBe(200);
});

it("logs method, path and status, but no credentials or passwords", async () => {
  const base = sim.systems[0]!.baseUrl;
  const login = await fetch(`${base}/v1/objects/sessions`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from("secadmin:Sim-Modify-Pass1").toString("base64")}` },
  });
  const { token } = (await login.json()) as { token: string };
  const backup = await fetch(`${base}/v1/objects/encryption-keys/file/actions/backup/invoke`, {
    method: "POST",
    headers: {
      Authorization: `Session ${token}`,
      Accept: "application/octet-stream",
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ parameters: { password: "Logged-Never-42" } }),
  });
  await backup.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const text = logged.join("\n");
  expect(text).toContain("POST /ConfigurationManager/v1/objects/encryption-keys/file/actions/backup/invoke 200");
  for (const secret of ["Sim-Modify-Pass1", "Logged-Never-42", token]) expect(text).not.toContain(secret);
});
