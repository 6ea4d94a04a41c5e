"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef } from "react";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { removeSystem } from "@/lib/api-client/systems";
import type { SystemView } from "@/lib/schemas/system";

/**
 * "Remove system" and its confirmation, a native modal <dialog>: focus moves into it, Escape
 * closes it, and the page behind cannot be reached until it is closed.
 */
export function RemoveSystemDialog({ system }: { system: Pick<SystemView, "id" | "name"> }) {
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const remove = useMutation({
    mutationFn: () => removeSystem(system.id),
    onSuccess: () => {
      router.replace("/systems");
      router.refresh();
    },
  });
  const errorRef = useFocusOn<HTMLDivElement>(remove.error);

  return (
    <>
      <Button
        ref={openerRef}
        variant="danger"
        aria-haspopup="dialog"
        onClick={() => {
          remove.reset();
          dialogRef.current?.showModal();
        }}
      >
        Remove system
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onClose={() => openerRef.current?.focus()}
        className="m-auto w-full max-w-lg rounded-lg border border-slate-300 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <div className="flex flex-col gap-4">
          <h2 id={titleId} className="text-lg font-semibold">
            Remove “{system.name}”?
          </h2>
          <p id={descriptionId} className="text-sm text-slate-700">
            The system will no longer be listed, tested or backed up. Its backup history and audit log entries are kept
            and still name it. To use it again, register it again.
          </p>
          {remove.error ? <ApiErrorAlert ref={errorRef} error={remove.error} /> : null}
          <div className="flex flex-wrap justify-end gap-3">
            {/* Focus starts on the harmless choice. */}
            <Button variant="secondary" autoFocus onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button variant="danger" pending={remove.isPending || remove.isSuccess} onClick={() => remove.mutate()}>
              Yes, remove this system
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
