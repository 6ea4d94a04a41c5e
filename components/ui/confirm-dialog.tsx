"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

import { Button } from "./button";

/**
 * A confirmation for a destructive action, as a native modal <dialog>: focus moves into it (onto
 * the harmless choice), Escape closes it, the page behind cannot be reached while it is open, and
 * focus goes back to where it was once it closes. Open while `open` is true; `onClose` is called
 * however it closes (Cancel, Escape), so the caller can set `open` back to false.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  pending = false,
  error,
}: {
  open: boolean;
  title: ReactNode;
  /** What happens when confirmed: read out as the dialog's description. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
  /** Shown in the dialog when the action failed (e.g. an ApiErrorAlert). */
  error?: ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onClose={() => {
        returnTo.current?.focus();
        onClose();
      }}
      className="m-auto w-full max-w-lg rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/50 sm:p-6"
    >
      {open ? (
        <div className="flex flex-col gap-4">
          <h2 id={titleId} className="text-lg font-semibold break-words">
            {title}
          </h2>
          <div id={descriptionId} className="text-sm text-slate-700">
            {children}
          </div>
          {error}
          <div className="flex flex-wrap justify-end gap-3">
            {/* Focus starts on the harmless choice. */}
            <Button variant="secondary" autoFocus onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button variant="danger" pending={pending} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
