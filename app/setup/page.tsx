import type { Metadata } from "next";
import Link from "next/link";

import { SetupForm } from "@/components/auth/setup-form";
import { Alert } from "@/components/ui/alert";
import { needsSetup } from "@/lib/auth/setup";
import { getDb } from "@/lib/db/connection";

export const metadata: Metadata = {
  title: "First-run setup · Key-backup portal",
  // The address carries the one-time token: do not hand it to other sites as a referrer.
  referrer: "no-referrer",
};

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const pending = await needsSetup(await getDb());
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-6 px-4 py-12 sm:px-6 sm:py-16">
      <div>
        <p className="text-sm font-semibold tracking-tight text-slate-700">Key-backup portal</p>
        <h1 className="text-2xl font-semibold tracking-tight">Create the first admin</h1>
      </div>
      {!pending ? (
        <Alert tone="info" title="The portal is already set up.">
          <Link href="/login" className="font-medium underline">
            Sign in
          </Link>
          , or ask an admin for an account.
        </Alert>
      ) : typeof token !== "string" || token.length === 0 ? (
        <Alert tone="warning" title="This page needs the setup link.">
          Open the one-time link the portal printed in its server log when it started. If it is lost or older than 24
          hours, restart the portal to get a new one.
        </Alert>
      ) : (
        <>
          <p className="text-slate-700">
            No user exists yet. The account you create here is an admin: it can add the other users.
          </p>
          <SetupForm token={token} />
        </>
      )}
    </main>
  );
}
