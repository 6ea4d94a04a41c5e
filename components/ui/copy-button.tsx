"use client";

import { useEffect, useState } from "react";

import { Button, type ButtonProps } from "./button";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies `text` to the clipboard and says whether it worked, politely, beside the button. The
 * clipboard needs a secure page; where it is refused, the user is told to select the text instead.
 */
export function CopyButton({
  text,
  children = "Copy",
  ...props
}: Omit<ButtonProps, "onClick" | "children"> & { text: string; children?: string }) {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 4_000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  };

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button variant="secondary" size="sm" onClick={copy} {...props}>
        {children}
      </Button>
      <span role="status" className="text-sm text-slate-700">
        {state === "copied" ? "Copied." : state === "failed" ? "Could not copy; select the text and copy it." : ""}
      </span>
    </span>
  );
}
