import "server-only";

import { runBackup } from "@/lib/backups/run-backup";
import { checkKeys } from "@/lib/keys/check-keys";
import { userWithRoles } from "@/lib/simulator/users";

import { DEMO_BACKUP_PASSWORD, OVERDUE_DAYS } from "./demo-values";
import type { LabContext, LabSystem } from "./lab";

function credentials(system: LabSystem) {
  const user = userWithRoles(system.simulated, "storage-admin-view", "security-admin-modify");
  return { storageUsername: user.username, storagePassword: user.password };
}

/** A real backup through the portal, read to its end (the file is dropped: the demo needs the row). */
async function backUp(context: LabContext, system: LabSystem): Promise<void> {
  const input = {
    ...credentials(system),
    backupPassword: DEMO_BACKUP_PASSWORD,
    backupPasswordConfirmation: DEMO_BACKUP_PASSWORD,
  };
  const backup = await runBackup({ db: context.db, actor: context.actor, systemId: system.id, input });
  const reader = backup.stream.getReader();
  while (!(await reader.read()).done) {
    // drained
  }
  await backup.settled;
}

function byModel(context: LabContext, model: string): LabSystem {
  const system = context.systems.find((candidate) => candidate.simulated.model === model);
  if (!system) throw new Error(`the demo fleet has no ${model}`);
  return system;
}

/**
 * Puts the demo fleet in every status, with real calls to the simulated arrays:
 * - VSP E990: backed up now → up to date;
 * - VSP 5500: backed up now, and that one history row dated back OVERDUE_DAYS → overdue (the only
 *   record the demo alters; its audit trail keeps the true time);
 * - VSP G370: its backup refused with 412 → refused by the array;
 * - VSP One B26: backed up, then 3 keys created and a key check run → keys not backed up;
 * - VSP E590: nothing → never backed up.
 */
export async function stageDemoFleet(context: LabContext): Promise<void> {
  const { db } = context;
  await backUp(context, byModel(context, "VSP E990"));

  const vsp5500 = byModel(context, "VSP 5500");
  await backUp(context, vsp5500);
  const dated = new Date(Date.now() - OVERDUE_DAYS * 86_400_000).toISOString();
  await db
    .updateTable("backups")
    .set({ started_at: dated, finished_at: dated, heartbeat_at: dated })
    .where("system_id", "=", vsp5500.id)
    .execute();

  // The array answers 412; the portal records the refusal on the system.
  await backUp(context, byModel(context, "VSP G370")).catch(() => undefined);

  const vspOne = byModel(context, "VSP One B26");
  await backUp(context, vspOne);
  context.simulator.addKeys(vspOne.simulated.storageDeviceId, 3);
  await checkKeys({ db, actor: context.actor, systemId: vspOne.id, input: credentials(vspOne) });
}
