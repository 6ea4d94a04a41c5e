import type { Metadata } from "next";

import { AuditLog } from "@/components/audit/audit-log";
import { AUDIT_PAGE_SIZE } from "@/lib/api-client/audit";
import { listAudit } from "@/lib/audit/list-audit";
import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/connection";

export const metadata: Metadata = { title: "Audit log · Key-backup portal" };

export default async function AuditPage() {
  await requireUser("admin", { next: "/audit" });
  const firstPage = await listAudit({ db: await getDb(), query: { limit: AUDIT_PAGE_SIZE } });
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
      <AuditLog initialPage={firstPage} labelledBy="audit-heading" />
    </>
  );
}
