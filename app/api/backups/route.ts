import { findBackupsByChecksum } from "@/lib/backups/find-by-checksum";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { backupChecksumQuerySchema } from "@/lib/schemas/backup";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `?sha256=<64 hex>`: the succeeded backups whose key file had that checksum ("which backup is this file?"). */
export const GET = withSession({ role: "viewer", query: backupChecksumQuerySchema }, async ({ query }) =>
  Response.json(await findBackupsByChecksum({ db: await getDb(), sha256: query.sha256 })),
);
