import type { Metadata } from "next";

import { BackToSystems } from "@/components/systems/back-to-systems";
import { RegisterSystemForm } from "@/components/systems/register-system-form";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Register a storage system · Key-backup portal" };

export default async function NewSystemPage() {
  await requireUser("admin", { next: "/systems/new" });
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <BackToSystems />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Register a storage system</h1>
        <p className="mt-1 text-slate-700">
          Give its address, confirm the certificate it presents, and name it. No storage credentials are asked for or
          stored here.
        </p>
      </div>
      <RegisterSystemForm />
    </div>
  );
}
