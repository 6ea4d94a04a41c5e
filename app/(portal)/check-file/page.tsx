import type { Metadata } from "next";

import { CheckFile } from "@/components/check-file/check-file";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Check a file · Key-backup portal" };

export default async function CheckFilePage() {
  await requireUser("viewer", { next: "/check-file" });
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Check a saved file</h1>
        <p className="mt-1 text-slate-700">
          Find out which backup a saved key file is: the storage system, when it was made and by whom.
        </p>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <CheckFile />
      </section>
    </>
  );
}
