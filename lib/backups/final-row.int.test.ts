import { afterEach, describe, expect, it } from "vitest";

import { findBackup } from "@/lib/db/backups";
import { TEST_DATABASES } from "@/lib/db/test-databases";

import { refuseAudits, setUpBackupLab, setUpBackupSuite } from "./run-backup-suite";
import { auditActions } from "./test-support";

/* The final row and its audit event, written in one commit before the last byte (final-row.ts). */

const lab = setUpBackupLab();

describe.each(TEST_DATABASES)("the final row on $kind", ({ kind, open }) => {
  const s = setUpBackupSuite(lab, kind, open);
  let restore: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  it("is written with its audit event before the stream ends", async () => {
    const backup = await s.run(s.systems.e990);
    const reader = backup.stream.getReader();
    let last: Awaited<ReturnType<typeof reader.read>>;
    do last = await reader.read();
    while (!last.done);
    // The stream has only just closed: both are there already, and nothing else waited for.
    expect((await findBackup(s.t.db, s.systems.e990.id, backup.backupId))?.status).toBe("succeeded");
    expect((await auditActions(s.t.db, backup.backupId)).map((event) => event.action)).toEqual([
      "backup.started",
      "backup.succeeded",
    ]);
    expect(await backup.settled).toBe("succeeded");
  });

  it("still stands, and the download still completes, when its audit event cannot be written", async () => {
    restore = await refuseAudits(s.t.db, "backup.succeeded");
    const backup = await s.run(s.systems.e990);
    const reader = backup.stream.getReader();
    for (;;) if ((await reader.read()).done) break;
    expect(await backup.settled).toBe("succeeded");
    expect(await findBackup(s.t.db, s.systems.e990.id, backup.backupId)).toMatchObject({
      status: "succeeded",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await auditActions(s.t.db, backup.backupId)).map((event) => event.action)).toEqual(["backup.started"]);
    expect(lab.logs.text()).toMatch(/"event":"backup\.audit_failed".*"status":"succeeded"/);
  });
});
