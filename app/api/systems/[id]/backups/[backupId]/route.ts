import { getBackup } from "@/lib/backups/get-backup";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { backupParamsSchema } from "@/lib/schemas/backup";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One backup; the browser asks for it after a download to compare its own SHA-256 with the portal's. */
export const GET = withSession({ role: "viewer", params: backupParamsSchema }, async ({ params }) => {
  const backup = await getBackup({ db: await getDb(), systemId: params.id, backupId: params.backupId });
  return Response.json({ backup });
});
