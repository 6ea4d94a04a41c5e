import { listAudit } from "@/lib/audit/list-audit";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { auditQuerySchema } from "@/lib/schemas/audit";

export const GET = withSession(
  { role: "admin", action: "read the audit log", query: auditQuerySchema },
  async ({ query }) => Response.json(await listAudit({ db: await getDb(), query })),
);
