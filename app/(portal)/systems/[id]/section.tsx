import type { ReactNode } from "react";

import { cn } from "@/components/ui/cn";

/**
 * One titled part of the system page, a region named by its heading. `secondary` is the smaller,
 * quieter panel of an optional step (the connection test), so the page's main action stands out.
 * `min-w-0` lets it shrink in a grid column: wide content wraps or scrolls inside, never the page.
 */
export function Section({
  id,
  title,
  secondary = false,
  className,
  children,
}: {
  id: string;
  title: string;
  secondary?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={id}
      className={cn(
        "flex min-w-0 flex-col rounded-lg border",
        secondary ? "gap-3 border-slate-200 bg-slate-50 p-4" : "gap-4 border-slate-200 bg-white p-4 sm:p-5",
        className,
      )}
    >
      <h2 id={id} className={secondary ? "text-base font-semibold" : "text-lg font-semibold"}>
        {title}
      </h2>
      {children}
    </section>
  );
}
