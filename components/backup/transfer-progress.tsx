import type { Ref } from "react";

import { Button } from "@/components/ui/button";

import { progressPercent, progressText } from "./transfer-maths";

/**
 * How far the download has got, with a Cancel button. Not a live region itself: the caller's
 * polite status says it in words now and then, so the bar can move without chatter.
 */
export function TransferProgress({
  received,
  expected,
  onCancel,
  cancelRef,
}: {
  /** Undefined while waiting for the storage system to start sending. */
  received: number | undefined;
  expected: number | undefined;
  onCancel: () => void;
  cancelRef?: Ref<HTMLButtonElement>;
}) {
  const percent = received === undefined ? undefined : progressPercent(received, expected);
  return (
    <div className="flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-4">
      <p className="text-sm text-slate-800">
        {received === undefined ? "Asking the storage system for the key file…" : progressText(received, expected)}
      </p>
      {percent !== undefined && expected !== undefined && received !== undefined ? (
        <progress aria-label="Download progress" max={expected} value={received} className="h-2 w-full" />
      ) : (
        // No size announced: an indeterminate bar still shows that something is happening.
        <progress aria-label="Download progress" className="h-2 w-full" />
      )}
      <div>
        <Button ref={cancelRef} variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
