"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";

/** Puts a list's filters in the page's URL (so a view can be shared); the page renders the filtered list. */
export function useFilterNavigation(): { apply: (search: string) => void; pending: boolean } {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const apply = (search: string) =>
    startTransition(() => router.push(search ? `${pathname}?${search}` : pathname, { scroll: false }));
  return { apply, pending };
}
