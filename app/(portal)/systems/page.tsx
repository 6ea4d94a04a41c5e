import type { Metadata } from "next";

import { SystemsTable } from "@/components/systems/systems-table";
import { LinkButton } from "@/components/ui/link-button";
import { userActor } from "@/lib/actor";
import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/connection";
import { hasRole } from "@/lib/schemas/role";
import { listSystems } from "@/lib/systems/list-systems";

export const metadata: Metadata = { title: "Storage systems · Key-backup portal" };

export default async function SystemsPage() {
  const user = await requireUser("viewer", { next: "/systems" });
  const systems = await listSystems({ db: await getDb(), actor: userActor(user, null) });
  const isAdmin = hasRole(user.role, "admin");
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="systems-heading" className="text-2xl font-semibold tracking-tight">
            Storage systems
          </h1>
          <p className="mt-1 text-slate-700">
            Test a system&apos;s connection and back up its encryption keys from its page.
          </p>
        </div>
        {isAdmin ? <LinkButton href="/systems/new">Register a storage system</LinkButton> : null}
      </div>
      {systems.length > 0 ? (
        <SystemsTable systems={systems} labelledBy="systems-heading" />
      ) : (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
          <p className="font-medium">No storage systems are registered yet.</p>
          <p className="mt-1 text-slate-700">
            {isAdmin
              ? "Register one with its https:// address; you will inspect and confirm its certificate on the way."
              : "Ask an admin of this portal to register the storage systems you need."}
          </p>
        </div>
      )}
    </>
  );
}
