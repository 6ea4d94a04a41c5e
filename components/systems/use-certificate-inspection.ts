import { useMutation } from "@tanstack/react-query";

import { inspectCertificate } from "@/lib/api-client/systems";
import type { CertificateFacts } from "@/lib/schemas/system";

export interface Inspection {
  /** The normalised base URL that was inspected: the result is stale once the address changes. */
  baseUrl: string;
  certificate: CertificateFacts;
  /** Epoch ms, to judge the validity period against. */
  inspectedAt: number;
}

/** Reads the certificate a system presents; stores nothing. */
export function useCertificateInspection() {
  return useMutation({
    mutationFn: async (baseUrl: string): Promise<Inspection> => {
      const certificate = await inspectCertificate(baseUrl);
      return { baseUrl, certificate, inspectedAt: Date.now() };
    },
  });
}

export const CONFIRM_FINGERPRINT_LABEL =
  "I have compared this fingerprint with the one shown on the storage system and trust this certificate";
