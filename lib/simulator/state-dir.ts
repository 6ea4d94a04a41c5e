import "server-only";

import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import type { SimulatorCertificate } from "./certificate";

async function writePrivate(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file.
  await chmod(path, 0o600);
}

/**
 * cert.pem and fingerprint.txt for whoever registers the systems in the portal; key.pem and
 * systems.json (which lists the users' passwords) readable by the owner only.
 */
export async function writeStateDir(
  stateDir: string,
  certificate: SimulatorCertificate | undefined,
  systemsDocument: unknown,
): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  if (certificate) {
    await writeFile(join(stateDir, "cert.pem"), certificate.certPem);
    await writePrivate(join(stateDir, "key.pem"), certificate.keyPem);
    await writeFile(join(stateDir, "fingerprint.txt"), `${certificate.sha256Fingerprint}\n`);
  }
  await writePrivate(join(stateDir, "systems.json"), `${JSON.stringify(systemsDocument, null, 2)}\n`);
}
