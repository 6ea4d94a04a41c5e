import "server-only";

import { getEnv } from "@/lib/env";

import type { CertificateProbe } from "./confirm-trust";

/** Settings the operations read from the environment, overridable by tests. */
export interface SystemsOptions {
  /** Default: PORTAL_ALLOW_HTTP_STORAGE. */
  allowHttpStorage?: boolean;
  /** Default: inspectCertificate. */
  probe?: CertificateProbe;
}

export function allowHttpStorage(options: SystemsOptions): boolean {
  return options.allowHttpStorage ?? getEnv().allowHttpStorage;
}
