import { listAudit } from "@/lib/audit/list-audit";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/route";
import { auditQuerySchema } from "@/lib/schemas/audit";

export const GET = withSession({ role: "admin", action: "read the audit log" }, async ({ request }) => {
  const query = auditQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return Response.json(await listAudit(await getDb(), query));
});
