import { headers } from "next/headers";
import type { ReactNode } from "react";

import { SiteHeader } from "@/components/shell/site-header";
import { SkipLink } from "@/components/shell/skip-link";
import { requireUser } from "@/lib/auth/current-user";
import { PATH_HEADER } from "@/proxy";

const MAIN_ID = "main-content";

/** Every signed-in page: the header and a width-limited main column. Pages bring their own <h1>. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  // The page asked for, so that signing in (again, after an idle timeout) comes back to it.
  const user = await requireUser("viewer", { next: (await headers()).get(PATH_HEADER) ?? undefined });
  return (
    <>
      <SkipLink targetId={MAIN_ID} />
      <SiteHeader user={user} />
      <main
        id={MAIN_ID}
        tabIndex={-1}
        className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-8 focus:outline-none sm:px-6"
      >
        {children}
      </main>
    </>
  );
}
