import "server-only";

import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { generate } from "selfsigned";

export interface CertificateOptions {
  /** Default "ec" (P-256). */
  keyType?: "rsa" | "ec";
  /** Added to the SANs besides 127.0.0.1, ::1 and localhost; IP literals become IP SANs. */
  extraHostnames?: string[];
  /** Clock in ms, default Date.now. */
  now?: () => number;
}

export interface SimulatorCertificate {
  certPem: string;
  keyPem: string;
  /** "AB:CD:..." exactly as X509Certificate.fingerprint256 prints it, for pinning. */
  sha256Fingerprint: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** One self-signed server certificate, valid from a day ago (clock skew) for a year. */
export async function createCertificate(options: CertificateOptions = {}): Promise<SimulatorCertificate> {
  const keyType = options.keyType ?? "ec";
  const now = (options.now ?? Date.now)();
  const hostnames = [...new Set(["127.0.0.1", "::1", "localhost", ...(options.extraHostnames ?? [])])];
  const altNames = hostnames.map((name) =>
    isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
  );

  const pems = await generate([{ name: "commonName", value: "simulated-storage.localhost" }], {
    keyType,
    ...(keyType === "rsa" ? { keySize: 2048 } : { curve: "P-256" as const }),
    algorithm: "sha256",
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now - DAY_MS + 365 * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: false },
      // ECDSA keys only sign; RSA key exchange would also need keyEncipherment.
      { name: "keyUsage", digitalSignature: true, keyEncipherment: keyType === "rsa", critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  });
  return {
    certPem: pems.cert,
    keyPem: pems.private,
    sha256Fingerprint: new X509Certificate(pems.cert).fingerprint256,
  };
}
