import type { ReactNode } from "react";

import { cn } from "./cn";

export interface DescriptionItem {
  term: ReactNode;
  description: ReactNode;
}

/** Label/value pairs as a <dl>: terms left, values right on wide screens, stacked on narrow ones. */
export function DescriptionList({ items, className }: { items: readonly DescriptionItem[]; className?: string }) {
  return (
    <dl
      className={cn("grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(9rem,max-content)_1fr]", className)}
    >
      {items.map((item, index) => (
        <div key={index} className="contents">
          <dt className="font-medium text-slate-600">{item.term}</dt>
          <dd className="min-w-0 break-words text-slate-900">{item.description}</dd>
        </div>
      ))}
    </dl>
  );
}
