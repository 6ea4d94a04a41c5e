import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";

import { BackupPanel } from "@/components/backup/backup-panel";
import { BackupHistory } from "@/components/history/backup-history";
import { KeysPanel } from "@/components/keys/keys-panel";
import { BackToSystems } from "@/components/systems/back-to-systems";
import { PasswordPolicyForm } from "@/components/systems/password-policy-form";
import { SystemAdminActions } from "@/components/systems/system-admin-actions";
import { SystemDetails } from "@/components/systems/system-details";
import { TestConnectionPanel } from "@/components/systems/test-connection-panel";
import { TrustDetails } from "@/components/systems/trust-details";
import { Badge } from "@/components/ui/badge";
import { UtcTime } from "@/components/ui/utc-time";
import { BACKUP_HISTORY_PAGE_SIZE } from "@/lib/api-client/backups";
import { getCurrentUser, requireUser } from "@/lib/auth/current-user";
import { listHistory } from "@/lib/backups/list-history";
import { getDb } from "@/lib/db/connection";
import { AppError } from "@/lib/errors";
import { latestKeyCheck } from "@/lib/keys/key-checks";
import { backupHistoryFilterSchema } from "@/lib/schemas/backup";
import { singleParams } from "@/lib/schemas/pagination";
import { hasRole } from "@/lib/schemas/role";
import { systemIdParamsSchema, type SystemView } from "@/lib/schemas/system";
import { getSystem } from "@/lib/systems/list-systems";

import { Section } from "./section";

type Props = {
  params: Promise<{ id: string }>;
  searchParams?: Promise<Record<string, string | string[] | undefined>>;
};

/** The system, or the 404 page for an id that is malformed or unknown. Once per request. */
const loadSystem = cache(async (id: string): Promise<SystemView> => {
  const parsed = systemIdParamsSchema.safeParse({ id });
  if (!parsed.success) notFound();
  try {
    return await getSystem({ db: await getDb(), systemId: parsed.data.id });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  // Names are not secret from signed-in users, but the tab title must not leak one to anyone else.
  if (!(await getCurrentUser())) return { title: "Storage system · Key-backup portal" };
  const system = await loadSystem(id);
  return { title: `${system.name} · Key-backup portal` };
}

export default async function SystemPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requireUser("viewer", { next: `/systems/${encodeURIComponent(id)}` });
  const system = await loadSystem(id);
  const canOperate = hasRole(user.role, "operator") && !system.removed;
  const isAdmin = hasRole(user.role, "admin");
  // The first page comes with the page; the browser keeps it fresh (and polls while one runs).
  // The history's filters live in the URL (a view can be shared); invalid ones are ignored, and said so.
  const historyFilters = backupHistoryFilterSchema.safeParse(singleParams(await searchParams));
  const filters = historyFilters.success ? historyFilters.data : {};
  const historyPage = await listHistory({
    db: await getDb(),
    systemId: system.id,
    query: { limit: BACKUP_HISTORY_PAGE_SIZE, ...filters },
  });
  const keyCheck = await latestKeyCheck({ db: await getDb(), systemId: system.id });

  const details = (
    <Section id="details-heading" title="Details">
      <SystemDetails system={system} />
    </Section>
  );
  const trust = (
    <Section id="trust-heading" title="Certificate trust">
      <TrustDetails trust={system.trust} />
    </Section>
  );

  return (
    <>
      <BackToSystems />
      <div className="flex flex-col gap-2">
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
          {system.name}
          {system.removed ? <Badge tone="danger">Removed</Badge> : null}
        </h1>
        {system.removed && system.removedAt ? (
          <p className="text-slate-700">
            Removed on <UtcTime iso={system.removedAt} />. It is no longer tested or backed up; its history is kept.
          </p>
        ) : null}
      </div>

      {canOperate ? (
        // The page's main action first, in reading and in Tab order; beside it on wide screens what
        // identifies the system, and the optional connection test as a smaller panel.
        <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
          <div className="flex min-w-0 flex-col gap-6">
            <Section id="backup-heading" title="Back up encryption keys">
              <BackupPanel
                systemId={system.id}
                systemName={system.name}
                passwordPolicy={system.passwordPolicy}
                keyBackupRefusal={system.keyBackupRefusal}
              />
            </Section>
            {trust}
          </div>
          <div className="flex min-w-0 flex-col gap-6">
            {details}
            <Section id="test-connection-heading" title="Test connection" secondary>
              <TestConnectionPanel systemId={system.id} isAdmin={isAdmin} />
            </Section>
          </div>
        </div>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
          {details}
          {trust}
        </div>
      )}

      <Section id="keys-heading" title="Keys">
        <KeysPanel systemId={system.id} initialKeyCheck={keyCheck} canCheck={canOperate} />
      </Section>

      <Section id="history-heading" title="Backup history">
        <BackupHistory
          systemId={system.id}
          initialPage={historyPage}
          labelledBy="history-heading"
          filters={filters}
          filtersInvalid={!historyFilters.success}
        />
      </Section>

      {isAdmin && !system.removed ? (
        <Section id="manage-heading" title="Manage this system">
          <SystemAdminActions system={system} />
          <div className="border-t border-slate-200 pt-4">
            <PasswordPolicyForm system={system} />
          </div>
        </Section>
      ) : null}
    </>
  );
}
