import { X509Certificate } from "node:crypto";
import type { Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createCertificate } from "@/lib/simulator/certificate";
import { startSimulator } from "@/lib/simulator/server";
import { E990 } from "@/lib/simulator/test-support";
import type { Simulator } from "@/lib/simulator/types";

import { inspectCertificate } from "./inspect-certificate";
import { expectAppError, startCaFrontedSimulator, startRawServer } from "./test-support";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ systems: [E990] });
});
afterAll(() => sim?.close());

describe("inspectCertificate", () => {
  it("returns the simulator's certificate: fingerprint, PEM and facts", async () => {
    const facts = await inspectCertificate({ baseUrl: sim.systems[0]!.baseUrl });
    expect(facts.sha256Fingerprint).toBe(sim.sha256Fingerprint);
    expect(new X509Certificate(facts.pem).fingerprint256).toBe(sim.sha256Fingerprint);
    expect(facts.pem.trim()).toBe(sim.certificatePem.trim());
    expect(facts).toMatchObject({
      subject: "CN=simulated-storage.localhost",
      issuer: "CN=simulated-storage.localhost",
      selfSigned: true,
    });
    expect(facts.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(Date.parse(facts.validFrom)).toBeLessThan(Date.now());
    expect(facts.validTo).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The same facts as Node's own format: AB:CD:... upper case.
    expect(facts.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it("reads the certificate of the REST API server form too", async () => {
    const facts = await inspectCertificate({ baseUrl: sim.serverFormBaseUrl! });
    expect(facts.sha256Fingerprint).toBe(sim.sha256Fingerprint);
  });

  it("sees a CA-issued certificate as not self-signed", async () => {
    const fronted = await startCaFrontedSimulator(E990);
    try {
      const facts = await inspectCertificate({ baseUrl: fronted.baseUrl });
      expect(facts).toMatchObject({
        sha256Fingerprint: fronted.leafFingerprint,
        subject: "CN=array.test",
        issuer: "CN=Key Backup Test CA",
        selfSigned: false,
      });
    } finally {
      await fronted.close();
    }
  });

  it("sends no application data: the handshake only, then the socket is closed", async () => {
    const certificate = await createCertificate();
    let applicationBytes = 0;
    let connections = 0;
    let closedConnections = 0;
    const server = createTlsServer({ cert: certificate.certPem, key: certificate.keyPem }, (socket) => {
      socket.on("data", (chunk: Buffer) => (applicationBytes += chunk.length));
      socket.on("error", () => {});
    });
    server.on("tlsClientError", () => {});
    // The TCP connection under TLS: the probe may hang up before the server sees its Finished.
    server.on("connection", (socket: Socket) => {
      connections++;
      socket.on("close", () => closedConnections++);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const facts = await inspectCertificate({ baseUrl: `https://127.0.0.1:${port}/ConfigurationManager` });
      expect(facts.sha256Fingerprint).toBe(certificate.sha256Fingerprint);
      await expect.poll(() => closedConnections).toBe(1);
      expect(connections).toBe(1);
      expect(applicationBytes).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("unreachable: nothing listens → 502 STORAGE_UNREACHABLE", async () => {
    const raw = await startRawServer("silent");
    const port = raw.port;
    await raw.close();
    const error = await expectAppError(
      inspectCertificate({ baseUrl: `https://127.0.0.1:${port}/ConfigurationManager` }),
      "STORAGE_UNREACHABLE",
      502,
    );
    expect(error.message).toMatch(/ECONNREFUSED.*Check the host name/);
  });

  it("not TLS: a plain-HTTP server → 502 STORAGE_TLS_ERROR naming HTTPS", async () => {
    const raw = await startRawServer("http");
    try {
      const error = await expectAppError(
        inspectCertificate({ baseUrl: `https://127.0.0.1:${raw.port}/ConfigurationManager` }),
        "STORAGE_TLS_ERROR",
        502,
      );
      expect(error.message).toMatch(/did not complete a TLS handshake.*serve HTTPS/);
    } finally {
      await raw.close();
    }
  });

  it("timeout: a server that never answers the hello → 504 STORAGE_TIMEOUT", async () => {
    const raw = await startRawServer("silent");
    try {
      const error = await expectAppError(
        inspectCertificate({ baseUrl: `https://127.0.0.1:${raw.port}/ConfigurationManager`, timeoutMs: 300 }),
        "STORAGE_TIMEOUT",
        504,
      );
      expect(error.message).toMatch(/did not complete a TLS handshake within/);
      // The only bytes it got are the TLS hello: no HTTP request.
      expect(raw.received()).toBeGreaterThan(0);
    } finally {
      await raw.close();
    }
  });

  it("refuses a plain-http address: there is no certificate", async () => {
    await expectAppError(
      inspectCertificate({ baseUrl: "http://127.0.0.1:1/ConfigurationManager" }),
      "VALIDATION_FAILED",
      400,
    );
  });
});
