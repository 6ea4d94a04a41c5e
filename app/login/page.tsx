import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/schemas/next-path";

export const metadata: Metadata = { title: "Sign in · Key-backup portal" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next: raw } = await searchParams;
  const next = typeof raw === "string" ? safeNextPath(raw) : undefined;
  if (await getCurrentUser()) redirect(next ?? safeNextPath(undefined));
  return (
    <main className="mx-auto flex max-w-sm flex-col gap-6 px-6 py-16">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <LoginForm next={next} />
    </main>
  );
}
