"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { SuccessNotice } from "@/components/ui/success-notice";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { isPlainHttp, type SystemView } from "@/lib/schemas/system";

import { EditSystemForm } from "./edit-system-form";
import { ReconfirmCertificateForm } from "./reconfirm-certificate-form";
import { RemoveSystemDialog } from "./remove-system-dialog";
import { useCertificateInspection } from "./use-certificate-inspection";

type Panel = "edit" | "reconfirm" | null;

/** An admin's actions on a system: edit it, re-confirm its certificate, remove it. */
export function SystemAdminActions({ system }: { system: SystemView }) {
  const router = useRouter();
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<{ text: string } | null>(null);
  const inspect = useCertificateInspection();
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const reconfirmButtonRef = useRef<HTMLButtonElement>(null);
  const inspectionRef = useFocusOn<HTMLDivElement>(inspect.data ?? inspect.error);

  const close = (returnFocusTo: HTMLButtonElement | null) => {
    setPanel(null);
    inspect.reset();
    returnFocusTo?.focus();
  };
  const done = (text: string) => {
    setPanel(null);
    inspect.reset();
    setNotice({ text });
    router.refresh();
  };
  const startReconfirm = () => {
    setNotice(null);
    setPanel("reconfirm");
    inspect.mutate(system.baseUrl);
  };

  return (
    <div className="flex flex-col gap-4">
      <SuccessNotice notice={notice} />
      <div className="flex flex-wrap gap-3">
        <Button
          ref={editButtonRef}
          variant="secondary"
          aria-expanded={panel === "edit"}
          onClick={() => {
            setNotice(null);
            if (panel === "edit") close(editButtonRef.current);
            else setPanel("edit");
          }}
        >
          Edit
        </Button>
        {isPlainHttp(system.baseUrl) ? null : (
          <Button
            ref={reconfirmButtonRef}
            variant="secondary"
            aria-expanded={panel === "reconfirm"}
            onClick={startReconfirm}
          >
            Re-confirm certificate
          </Button>
        )}
        <RemoveSystemDialog system={system} />
      </div>

      {panel === "edit" ? (
        <div className="rounded-lg border border-slate-200 bg-slate-50 p-4">
          <EditSystemForm system={system} onSaved={done} onCancel={() => close(editButtonRef.current)} />
        </div>
      ) : null}

      {panel === "reconfirm" ? (
        <section
          aria-labelledby="reconfirm-heading"
          className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-slate-50 p-4"
        >
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h3 id="reconfirm-heading" className="font-semibold">
              Certificate the system presents now
            </h3>
            {inspect.isPending ? null : (
              <Button variant="secondary" size="sm" onClick={() => inspect.mutate(system.baseUrl)}>
                Inspect again
              </Button>
            )}
          </div>
          {inspect.isPending ? (
            <p role="status" className="text-sm text-slate-700">
              Inspecting the certificate at {system.baseUrl}…
            </p>
          ) : null}
          <div
            ref={inspectionRef}
            tabIndex={-1}
            className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          >
            {inspect.error ? <ApiErrorAlert error={inspect.error} /> : null}
            {inspect.data ? (
              <ReconfirmCertificateForm
                key={inspect.data.inspectedAt}
                system={system}
                inspection={inspect.data}
                onConfirmed={done}
                onCancel={() => close(reconfirmButtonRef.current)}
              />
            ) : null}
          </div>
        </section>
      ) : null}
    </div>
  );
}
