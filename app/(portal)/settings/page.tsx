import type { Metadata } from "next";

import { SettingsForm } from "@/components/settings/settings-form";
import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/connection";
import { getSettings } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Settings · Key-backup portal" };

export default async function SettingsPage() {
  await requireUser("admin", { next: "/settings" });
  const settings = await getSettings({ db: await getDb() });
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-slate-700">Team-wide settings of this portal; changes are recorded in the audit log.</p>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <SettingsForm initialSettings={settings} />
      </section>
      <p className="text-sm text-slate-700">
        For scripts and automation:{" "}
        <a href="/api/openapi.json" className="font-medium underline">
          API description (OpenAPI)
        </a>
        , generated from the schemas the API checks requests with.
      </p>
    </>
  );
}
