import Link from "next/link";
import type { ComponentProps } from "react";

import { cn } from "./cn";

export type LinkButtonVariant = "primary" | "secondary";

const VARIANTS: Record<LinkButtonVariant, string> = {
  primary: "bg-slate-900 text-white hover:bg-slate-700",
  secondary: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
};

/** A link that looks like a Button: for actions that go to another page (it stays a link to assistive technology). */
export function LinkButton({
  variant = "primary",
  className,
  ...props
}: ComponentProps<typeof Link> & { variant?: LinkButtonVariant }) {
  return (
    <Link
      className={cn(
        "inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600",
        VARIANTS[variant],
        className,
      )}
      {...props}
    />
  );
}
