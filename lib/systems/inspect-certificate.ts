import "server-only";

import { isIP } from "node:net";
import { connect, type ConnectionOptions } from "node:tls";

import { AppError, invalidField } from "@/lib/errors";
import type { CertificateFacts } from "@/lib/schemas/system";

import { certificateFacts } from "./certificate-facts";

export const INSPECT_TIMEOUT_MS = 10_000;

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
]);

function describeEndpoint(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function probeError(error: unknown, endpoint: string): AppError {
  const code = typeof error === "object" && error && "code" in error ? String(error.code) : "";
  if (UNREACHABLE_CODES.has(code)) {
    return new AppError(
      "STORAGE_UNREACHABLE",
      `Could not connect to ${endpoint} (${code}). Check the host name or address and the port, and that the portal's network can reach it.`,
    );
  }
  if (code === "ETIMEDOUT") return timeoutError(endpoint, INSPECT_TIMEOUT_MS);
  // Typically a plain-HTTP server answering the TLS hello, or one that hangs up on it.
  return new AppError(
    "STORAGE_TLS_ERROR",
    `${endpoint} did not complete a TLS handshake${code ? ` (${code})` : ""}. Check that this address and port serve HTTPS (the REST API server listens on 23451, the embedded API on 443).`,
  );
}

function timeoutError(endpoint: string, timeoutMs: number): AppError {
  return new AppError(
    "STORAGE_TIMEOUT",
    `${endpoint} did not complete a TLS handshake within ${Math.round(timeoutMs / 100) / 10} seconds. Check the address and port, and any firewall between the portal and the system.`,
  );
}

/**
 * Reads the certificate a system presents, for an admin to confirm (trust on first use).
 *
 * This is the portal's one TLS connection that does not verify the certificate: nobody trusts a
 * certificate before it has been seen. What keeps that safe is what the probe does not do: it
 * sends no application data (no HTTP, no credentials), closes the socket as soon as the handshake
 * has delivered the certificate, and returns nothing but the certificate's facts. The result is a
 * candidate only; registration probes again and requires the fingerprint the admin confirmed, and
 * every connection that carries data verifies against the confirmed certificate.
 */
export interface InspectCertificateOptions {
  baseUrl: string;
  timeoutMs?: number;
}

export async function inspectCertificate(options: InspectCertificateOptions): Promise<CertificateFacts> {
  const { baseUrl } = options;
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (!url || url.protocol !== "https:") {
    throw invalidField("baseUrl", "Only an https:// address has a certificate to inspect.");
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : 443;
  const endpoint = describeEndpoint(host, port);
  const timeoutMs = options.timeoutMs ?? INSPECT_TIMEOUT_MS;

  const tlsOptions: ConnectionOptions = {
    host,
    port,
    // Server Name Indication is for host names only (RFC 6066); an IP literal is not sent.
    servername: isIP(host) === 0 ? host : undefined,
    // The deliberate exception described above; nothing is sent over this connection.
    rejectUnauthorized: false,
  };

  return new Promise<CertificateFacts>((resolve, reject) => {
    let settled = false;
    const socket = connect(tlsOptions);
    const timer = setTimeout(() => finish(() => reject(timeoutError(endpoint, timeoutMs))), timeoutMs);
    function finish(outcome: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      outcome();
    }
    socket.once("secureConnect", () => {
      const certificate = socket.getPeerX509Certificate();
      finish(() => {
        if (certificate) resolve(certificateFacts(certificate));
        else
          reject(
            new AppError(
              "STORAGE_TLS_ERROR",
              `${endpoint} completed a TLS handshake without presenting a certificate.`,
            ),
          );
      });
    });
    socket.once("error", (error) => finish(() => reject(probeError(error, endpoint))));
    socket.once("close", () => finish(() => reject(probeError(undefined, endpoint))));
  });
}
