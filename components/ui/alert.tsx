import type { ComponentPropsWithRef, ReactNode } from "react";

import { cn } from "./cn";

export type AlertTone = "error" | "warning" | "info" | "success";

export interface AlertProps extends Omit<ComponentPropsWithRef<"div">, "title"> {
  tone?: AlertTone;
  title?: ReactNode;
  /**
   * Announce it as a live region (default). Pass false inside a region that is already live,
   * such as a persistent role="status" container: nested live regions are read twice or not at all.
   */
  live?: boolean;
}

const TONES: Record<AlertTone, string> = {
  error: "border-red-300 bg-red-50 text-red-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  info: "border-blue-300 bg-blue-50 text-blue-900",
  success: "border-green-300 bg-green-50 text-green-900",
};

/**
 * A message box. Errors and warnings use role="alert" (read out at once); info and success use
 * role="status" (read out politely). Pass `role` to override, or `live={false}` for none.
 */
export function Alert({ tone = "info", title, live = true, className, children, ...props }: AlertProps) {
  const role = !live ? undefined : tone === "error" || tone === "warning" ? "alert" : "status";
  return (
    <div role={role} className={cn("rounded-md border px-4 py-3 text-sm", TONES[tone], className)} {...props}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? "mt-1" : undefined}>{children}</div> : null}
    </div>
  );
}
