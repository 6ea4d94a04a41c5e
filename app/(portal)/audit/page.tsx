import type { Metadata } from "next";

import { AuditLog } from "@/components/audit/audit-log";
import { AUDIT_PAGE_SIZE } from "@/lib/api-client/audit";
import { listAudit } from "@/lib/audit/list-audit";
import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/connection";
import { auditFilterSchema } from "@/lib/schemas/audit";
import { singleParams } from "@/lib/schemas/pagination";

export const metadata: Metadata = { title: "Audit log · Key-backup portal" };

type Props = { searchParams?: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  await requireUser("admin", { next: "/audit" });
  // The filters live in the URL (a view can be shared); invalid ones are ignored, and said so.
  const parsed = auditFilterSchema.safeParse(singleParams(await searchParams));
  const filters = parsed.success ? parsed.data : {};
  const firstPage = await listAudit({ db: await getDb(), query: { limit: AUDIT_PAGE_SIZE, ...filters } });
  return (
    <>
      <div>
        <h1 id="audit-heading" className="text-2xl font-semibold tracking-tight">
          Audit log
        </h1>
        <p className="mt-1 text-slate-700">
          Who did what, from where, and whether it worked; newest first. Times are in UTC.
        </p>
      </div>
      <AuditLog initialPage={firstPage} labelledBy="audit-heading" filters={filters} filtersInvalid={!parsed.success} />
    </>
  );
}
