import { Alert } from "@/components/ui/alert";
import { DescriptionList } from "@/components/ui/description-list";
import { UtcTime } from "@/components/ui/utc-time";
import type { CertificateFacts } from "@/lib/schemas/system";

/** Why the certificate cannot be used at `at` (epoch ms), or undefined while it is valid. */
export function validityProblem(
  certificate: Pick<CertificateFacts, "validFrom" | "validTo">,
  at: number,
): string | undefined {
  const from = Date.parse(certificate.validFrom);
  const to = Date.parse(certificate.validTo);
  if (!Number.isNaN(to) && to < at) return "This certificate has expired.";
  if (!Number.isNaN(from) && from > at) return "This certificate is not valid yet.";
  return undefined;
}

/** What an inspected certificate says about itself, for an admin to compare before trusting it. */
export function CertificateFactsList({
  certificate,
  inspectedAt,
}: {
  certificate: CertificateFacts;
  inspectedAt: number;
}) {
  const problem = validityProblem(certificate, inspectedAt);
  return (
    <div className="flex flex-col gap-3">
      {problem ? (
        <Alert tone="warning" title={problem}>
          The portal will not connect with a certificate outside its validity period. Renew it on the storage system,
          then inspect it again.
        </Alert>
      ) : null}
      <DescriptionList
        items={[
          { term: "Subject", description: certificate.subject },
          { term: "Issuer", description: certificate.issuer },
          { term: "Valid from", description: <UtcTime iso={certificate.validFrom} /> },
          { term: "Valid to", description: <UtcTime iso={certificate.validTo} /> },
          {
            term: "SHA-256 fingerprint",
            description: <span className="font-mono text-xs break-all">{certificate.sha256Fingerprint}</span>,
          },
          {
            term: "Signed by",
            description: certificate.selfSigned ? "Self-signed" : "Issued by a CA (the issuer above)",
          },
          ...(certificate.subjectAltName
            ? [{ term: "Subject alternative names", description: certificate.subjectAltName }]
            : []),
        ]}
      />
    </div>
  );
}
