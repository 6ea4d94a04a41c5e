import { beforeEach, describe, expect, it } from "vitest";

import { updateSystem as updateSystemRow, type StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES } from "@/lib/db/test-databases";
import { closeStorageConnections } from "@/lib/storage-api";
import { storageAgents } from "@/lib/storage-api/agent-pool";
import { removeSystem } from "@/lib/systems/remove-system";
import { testActor } from "@/lib/systems/test-support";
import { updateSystem } from "@/lib/systems/update-system";

import type { StartedBackup } from "./run-backup";
import { setUpBackupLab, setUpBackupSuite, type BackupSuite } from "./run-backup-suite";
import { drain, expectAppError, otherCertificate, registerSimSystem } from "./test-support";

/*
 * The storage client keeps its TLS connections between backups (lib/storage-api/agent-pool.ts):
 * one system's backups share one, and a connection is only ever used under the trust it was
 * verified with when it was made.
 */

const lab = setUpBackupLab();
const origin = (baseUrl: string) => new URL(baseUrl).origin;

async function backUp(s: BackupSuite, system: StorageSystem): Promise<StartedBackup> {
  const backup = await s.run(system);
  expect((await drain(backup.stream)).error).toBeUndefined();
  // Settled: the final row written and the storage session discarded.
  expect(await backup.settled).toBe("succeeded");
  return backup;
}

describe.each(TEST_DATABASES)("storage connections on $kind", ({ kind, open }) => {
  const s = setUpBackupSuite(lab, kind, open);
  const admin = testActor("admin", `pool-admin-${kind}`);
  const accepted = () => lab.sim.connectionsAccepted(lab.e990.storageDeviceId);
  let seq = 0;
  let system: StorageSystem;

  beforeEach(async () => {
    // No pooled connection left over from another test, and a system of the test's own.
    await closeStorageConnections(lab.e990.baseUrl);
    await closeStorageConnections(lab.big.baseUrl);
    system = await registerSimSystem(s.t.db, lab.sim, lab.e990, { name: `E990 pooled ${++seq}` });
  });

  it("two backups of one system use one TLS connection", async () => {
    const before = accepted();
    await backUp(s, system);
    await backUp(s, system);
    expect(accepted() - before).toBe(1);
    s.expectNoOpenSessions();
  });

  it("verifies a changed pin on a new connection, though one verified under the old pin was pooled", async () => {
    await backUp(s, system);
    const before = accepted();
    const requests = lab.requests.length;

    // An admin pins another certificate (the array's was replaced, say): the array's no longer matches.
    const wrong = await otherCertificate();
    await updateSystemRow(s.t.db, system.id, {
      pinnedFingerprint: wrong.sha256Fingerprint,
      pinnedCertificatePem: wrong.certificatePem,
    });
    const error = await expectAppError(s.run(system), "STORAGE_TLS_ERROR", 502);
    expect(error.message).toMatch(/pinned/);
    // A new connection was made and refused: not one request reached the array, not even a session.
    expect(accepted() - before).toBe(1);
    expect(lab.requests.slice(requests)).toEqual([]);
    await s.expectFailedRow(system, "STORAGE_TLS_ERROR");

    // The right pin again: the connection verified under it before went with the change of trust.
    await updateSystemRow(s.t.db, system.id, {
      pinnedFingerprint: lab.sim.sha256Fingerprint,
      pinnedCertificatePem: lab.sim.certificatePem,
    });
    await backUp(s, system);
    expect(accepted() - before).toBe(2);
  });

  it("lets a backup running while its connections are closed finish on its own, and discards its session", async () => {
    const bigAccepted = () => lab.sim.connectionsAccepted(lab.big.storageDeviceId);
    const before = bigAccepted();
    const backup = await s.run(s.systems.big);
    const reader = backup.stream.getReader();
    expect((await reader.read()).done).toBe(false);

    await closeStorageConnections(lab.big.baseUrl);
    for (;;) if ((await reader.read()).done) break;
    expect(await backup.settled).toBe("succeeded");
    s.expectNoOpenSessions();
    expect(storageAgents().size(origin(lab.big.baseUrl))).toBe(0);

    // The next backup makes a connection of its own.
    await backUp(s, s.systems.big);
    expect(bigAccepted() - before).toBe(2);
  });

  it("closes a system's pooled connections when an admin changes its address or removes it", async () => {
    const pooled = origin(lab.e990.baseUrl);
    await backUp(s, system);
    expect(storageAgents().size(pooled)).toBe(1);
    // The same array, now reached through the REST API server; the confirmed certificate stays.
    const input = { baseUrl: lab.sim.serverFormBaseUrl!, storageDeviceId: lab.e990.storageDeviceId };
    await updateSystem({ db: s.t.db, actor: admin, systemId: system.id, input });
    expect(storageAgents().size(pooled)).toBe(0);

    const other = await registerSimSystem(s.t.db, lab.sim, lab.e990, { name: `E990 removed ${seq}` });
    await backUp(s, other);
    expect(storageAgents().size(pooled)).toBe(1);
    await removeSystem({ db: s.t.db, actor: admin, systemId: other.id });
    expect(storageAgents().size(pooled)).toBe(0);
  });
});
