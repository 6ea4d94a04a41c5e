import { formatUtc } from "@/components/ui/utc-time";
import type { SystemTrust } from "@/lib/schemas/system";

/** "AB:CD:EF:01…89:AB": enough to tell two pins apart at a glance; the full value is on the system's page. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.length > 24 ? `${fingerprint.slice(0, 11)}…${fingerprint.slice(-5)}` : fingerprint;
}

/** One cell's worth: how the portal trusts the system's certificate. */
export function TrustSummary({ trust }: { trust: SystemTrust | null }) {
  if (trust === null) return <span>None (plain http://)</span>;
  const validTo = trust.validTo ? `valid to ${formatUtc(trust.validTo).slice(0, 10)}` : null;
  if (trust.kind === "pin") {
    return (
      <span className="flex flex-col">
        <span>Pinned certificate</span>
        <span className="font-mono text-xs text-slate-600" title={trust.sha256Fingerprint}>
          SHA-256 {shortFingerprint(trust.sha256Fingerprint)}
        </span>
        {validTo ? <span className="text-xs text-slate-600">{validTo}</span> : null}
      </span>
    );
  }
  return (
    <span className="flex flex-col">
      <span>CA certificate</span>
      <span className="text-xs text-slate-600">{trust.subject}</span>
      {validTo ? <span className="text-xs text-slate-600">{validTo}</span> : null}
    </span>
  );
}
