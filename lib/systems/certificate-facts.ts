import "server-only";

import { X509Certificate } from "node:crypto";

import type { CertificateFacts } from "@/lib/schemas/system";

/** Node prints a distinguished name one attribute a line; one line reads better in a form and a log. */
function oneLine(name: string): string {
  return name.split("\n").filter(Boolean).join(", ");
}

/** Node prints "Mar 25 12:00:00 2027 GMT"; JSON wants ISO-8601. */
function isoDate(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/**
 * Signed by its own key. Not checkIssued(): OpenSSL's issuer check also wants keyCertSign, which
 * a self-signed server certificate (an array's, the simulator's) usually leaves out.
 */
function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

export function certificateFacts(cert: X509Certificate): CertificateFacts {
  const facts: CertificateFacts = {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: isoDate(cert.validFrom),
    validTo: isoDate(cert.validTo),
    sha256Fingerprint: cert.fingerprint256,
    pem: cert.toString(),
    selfSigned: isSelfSigned(cert),
  };
  if (cert.subjectAltName) facts.subjectAltName = cert.subjectAltName;
  return facts;
}

/** Undefined for text that is not a certificate. */
export function parseCertificate(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/** Why a certificate cannot be used at `now`, or undefined when it is within its validity. */
export function validityProblem(
  facts: Pick<CertificateFacts, "validFrom" | "validTo">,
  now = new Date(),
): string | undefined {
  const from = Date.parse(facts.validFrom);
  const to = Date.parse(facts.validTo);
  if (!Number.isNaN(to) && to < now.getTime()) return `it expired on ${facts.validTo}`;
  if (!Number.isNaN(from) && from > now.getTime()) return `it is not valid before ${facts.validFrom}`;
  return undefined;
}
