import { recordVerification } from "@/lib/backups/record-verification";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import {
  backupParamsSchema,
  backupVerificationRequestSchema,
  type BackupVerificationRecord,
} from "@/lib/schemas/backup";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The browser reports the SHA-256 it computed over the key file it received; the portal compares
 * it with its own, records "verified" or "mismatch" on the backup and audits it. 404 for an
 * unknown backup or one of another system, 409 for one that did not succeed (no file to verify).
 * Open to whoever may run backups. A repeated report keeps the first "verified"
 * (lib/backups/record-verification.ts).
 */
export const POST = withSession(
  {
    role: "operator",
    action: "record the check of a backup",
    params: backupParamsSchema,
    body: backupVerificationRequestSchema,
  },
  async ({ actor, params, body }) => {
    const db = await getDb();
    const record: BackupVerificationRecord = await recordVerification({
      db,
      actor,
      systemId: params.id,
      backupId: params.backupId,
      sha256: body.sha256,
    });
    return Response.json(record);
  },
);
