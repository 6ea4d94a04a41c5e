import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { Alert } from "@/components/ui/alert";
import { getCurrentUser } from "@/lib/auth/current-user";
import { CHANGE_PASSWORD_PATH, safeNextPath } from "@/lib/schemas/next-path";

export const metadata: Metadata = { title: "Choose a new password · Key-backup portal" };

/**
 * The signed-in user's own password change. After an admin reset the password it is the only
 * page open to them (requireUser sends them here; the API refuses the rest) until it is done.
 */
export default async function ChangePasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next: raw } = await searchParams;
  const next = typeof raw === "string" ? safeNextPath(raw, "") || undefined : undefined;
  const user = await getCurrentUser();
  if (!user) {
    const back = next ? `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}` : CHANGE_PASSWORD_PATH;
    redirect(`/login?next=${encodeURIComponent(back)}`);
  }
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-6 px-4 py-12 sm:px-6 sm:py-16">
      <div>
        <p className="text-sm font-semibold tracking-tight text-slate-700">Key-backup portal</p>
        <h1 className="text-2xl font-semibold tracking-tight">
          {user.mustChangePassword ? "Choose a new password" : "Change your password"}
        </h1>
        <p className="mt-1 wrap-anywhere text-slate-700">
          Signed in as <span className="font-medium text-slate-900">{user.username}</span>.
        </p>
      </div>
      {user.mustChangePassword ? (
        <Alert tone="info" live={false} title="An admin reset your password.">
          Choose a password of your own to go on; nobody else should know it. Your other sessions end when you save it.
        </Alert>
      ) : null}
      <ChangePasswordForm username={user.username} next={next} />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 text-sm text-slate-700">
        <span>Not now?</span>
        <SignOutButton />
      </div>
    </main>
  );
}
