import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { changePasswordHref, safeNextPath } from "@/lib/schemas/next-path";

export const metadata: Metadata = { title: "Sign in · Key-backup portal" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next: raw } = await searchParams;
  const next = typeof raw === "string" ? safeNextPath(raw) : undefined;
  const user = await getCurrentUser();
  if (user) redirect(user.mustChangePassword ? changePasswordHref(next) : (next ?? safeNextPath(undefined)));
  return (
    <main className="mx-auto flex w-full max-w-sm flex-col gap-6 px-4 py-12 sm:px-6 sm:py-16">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Key-backup portal</h1>
        <p className="mt-1 text-slate-700">Sign in with your portal account.</p>
      </div>
      <LoginForm next={next} />
    </main>
  );
}
