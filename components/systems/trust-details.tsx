import { DescriptionList } from "@/components/ui/description-list";
import { UtcTime } from "@/components/ui/utc-time";
import type { SystemTrust } from "@/lib/schemas/system";

/** How the portal trusts the system's certificate, in full. */
export function TrustDetails({ trust }: { trust: SystemTrust | null }) {
  if (trust === null) {
    return (
      <p className="text-sm text-slate-700">
        None: this system is reached over plain http:// (a lab set-up), so there is no certificate.
      </p>
    );
  }
  const validTo = trust.validTo ? <UtcTime iso={trust.validTo} /> : <span className="text-slate-600">Unknown</span>;
  if (trust.kind === "pin") {
    return (
      <DescriptionList
        items={[
          { term: "Kind", description: "Pinned certificate (only this exact certificate is accepted)" },
          {
            term: "SHA-256 fingerprint",
            description: <span className="font-mono text-xs break-all">{trust.sha256Fingerprint}</span>,
          },
          { term: "Subject", description: trust.subject },
          { term: "Valid to", description: validTo },
        ]}
      />
    );
  }
  return (
    <DescriptionList
      items={[
        { term: "Kind", description: "CA certificate (any valid certificate it issued for this host is accepted)" },
        { term: "CA subject", description: trust.subject },
        { term: "Valid to", description: validTo },
      ]}
    />
  );
}
