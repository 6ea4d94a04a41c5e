import "server-only";

import type { StorageSystemSettings } from "@/lib/db/storage-systems";
import { AppError, invalidField } from "@/lib/errors";
import { normaliseFingerprint } from "@/lib/schemas/fingerprint";
import type { CertificateFacts, TrustInput } from "@/lib/schemas/system";

import { certificateFacts, parseCertificate, validityProblem } from "./certificate-facts";
import { inspectCertificate } from "./inspect-certificate";

export type TrustColumns = Pick<
  StorageSystemSettings,
  "trustKind" | "pinnedFingerprint" | "pinnedCertificatePem" | "caCertificatePem"
>;

/** What a plain-http (lab) system stores: no certificate applies, and the kind column needs a value. */
export const NO_TRUST: TrustColumns = {
  trustKind: "ca",
  pinnedFingerprint: null,
  pinnedCertificatePem: null,
  caCertificatePem: null,
};

export interface ConfirmedTrust {
  columns: TrustColumns;
  /** The certificate the trust rests on: the pinned one, or the CA. For audit details. */
  certificate: CertificateFacts;
}

export type TrustCheck =
  | { ok: true; trust: ConfirmedTrust }
  /** The system presents a different certificate from the one the admin confirmed. */
  | { ok: false; presented: CertificateFacts; confirmed: string };

export type CertificateProbe = (baseUrl: string) => Promise<CertificateFacts>;

/**
 * Turns what an admin confirmed into the trust to store. A fingerprint is checked against the
 * certificate the system presents right now, and that certificate (PEM) becomes the pin's trust
 * anchor; a CA certificate must be a readable, current CA certificate.
 */
export async function confirmTrust(
  baseUrl: string,
  input: TrustInput,
  options: { probe?: CertificateProbe; now?: Date } = {},
): Promise<TrustCheck> {
  const now = options.now ?? new Date();
  if ("sha256Fingerprint" in input) {
    const confirmed = normaliseFingerprint(input.sha256Fingerprint);
    if (!confirmed)
      throw invalidField(
        "trust.sha256Fingerprint",
        "Enter a SHA-256 fingerprint: 64 hex digits, with or without colons.",
      );
    const presented = await (options.probe ?? ((url: string) => inspectCertificate({ baseUrl: url })))(baseUrl);
    if (normaliseFingerprint(presented.sha256Fingerprint) !== confirmed) return { ok: false, presented, confirmed };
    const invalid = validityProblem(presented, now);
    if (invalid) {
      throw invalidField(
        "trust.sha256Fingerprint",
        `The system's certificate cannot be used: ${invalid}. Renew it on the storage system, then inspect it again.`,
      );
    }
    return {
      ok: true,
      trust: {
        columns: {
          trustKind: "pin",
          pinnedFingerprint: confirmed,
          pinnedCertificatePem: presented.pem,
          caCertificatePem: null,
        },
        certificate: presented,
      },
    };
  }

  const cert = parseCertificate(input.caCertificatePem);
  if (!cert) {
    throw invalidField(
      "trust.caCertificatePem",
      "This is not a readable certificate. Paste the CA certificate in PEM form.",
    );
  }
  const facts = certificateFacts(cert);
  if (!cert.ca) {
    throw invalidField(
      "trust.caCertificatePem",
      `"${facts.subject}" is not a CA certificate. Paste the certificate of the CA that issued the system's certificate, or inspect and confirm the system's own certificate instead.`,
    );
  }
  const invalid = validityProblem(facts, now);
  if (invalid) throw invalidField("trust.caCertificatePem", `This CA certificate cannot be used: ${invalid}.`);
  return {
    ok: true,
    trust: {
      columns: { trustKind: "ca", pinnedFingerprint: null, pinnedCertificatePem: null, caCertificatePem: facts.pem },
      certificate: facts,
    },
  };
}

export function certificateMismatch(check: { presented: CertificateFacts }): AppError {
  return new AppError(
    "CERTIFICATE_MISMATCH",
    `The certificate changed since you inspected it: the system now presents ${check.presented.sha256Fingerprint}. Inspect it again and confirm the new fingerprint only if you expected the change.`,
  );
}

/** For audit details: what identifies a certificate, never the PEM. */
export function certificateSummary(certificate: CertificateFacts) {
  return {
    sha256Fingerprint: certificate.sha256Fingerprint,
    subject: certificate.subject,
    issuer: certificate.issuer,
    validTo: certificate.validTo,
  };
}
