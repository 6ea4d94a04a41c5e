"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { Alert } from "@/components/ui/alert";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Checkbox } from "@/components/ui/checkbox";
import { Form } from "@/components/ui/form";
import { SubmitCancelButtons } from "@/components/ui/submit-cancel-buttons";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { ApiError } from "@/lib/api-client/api-error";
import { updateSystem } from "@/lib/api-client/systems";
import { normaliseFingerprint } from "@/lib/schemas/fingerprint";
import type { SystemTrust, SystemView } from "@/lib/schemas/system";

import { CertificateFactsList } from "./certificate-facts-list";
import { CONFIRM_FINGERPRINT_LABEL, type Inspection } from "./use-certificate-inspection";

const confirmSchema = z.object({
  confirmed: z
    .boolean()
    .refine(Boolean, "Compare the fingerprint with the one on the storage system, then tick this box."),
});
type ConfirmInput = z.infer<typeof confirmSchema>;

function Comparison({ trust, presented }: { trust: SystemTrust | null; presented: string }) {
  if (trust?.kind !== "pin") {
    return <p className="text-sm text-slate-700">Confirming pins this certificate in place of the CA trust set now.</p>;
  }
  if (normaliseFingerprint(trust.sha256Fingerprint) === normaliseFingerprint(presented)) {
    return (
      <p className="text-sm text-slate-700">
        This is the certificate already pinned; confirming it again records that you checked it.
      </p>
    );
  }
  return (
    <Alert tone="warning" title="This certificate differs from the pinned one.">
      Pinned now: <span className="font-mono text-xs break-all">{trust.sha256Fingerprint}</span>. Confirm the new one
      only if you know why the certificate changed (e.g. it was renewed on the storage system).
    </Alert>
  );
}

/**
 * An admin accepts the certificate the system presents now (after a renewal, or when a test
 * failed with a changed certificate): PATCH with its fingerprint, which the server checks again.
 */
export function ReconfirmCertificateForm({
  system,
  inspection,
  onConfirmed,
  onCancel,
}: {
  system: SystemView;
  inspection: Inspection;
  onConfirmed: (message: string) => void;
  onCancel: () => void;
}) {
  const form = useForm<ConfirmInput>({
    resolver: zodResolver(confirmSchema),
    mode: "onChange",
    defaultValues: { confirmed: false },
  });
  const confirm = useMutation({
    mutationFn: () =>
      updateSystem(system.id, { trust: { sha256Fingerprint: inspection.certificate.sha256Fingerprint } }),
    onSuccess: () => onConfirmed("The certificate is confirmed. Test the connection to check the system with it."),
  });
  const errorRef = useFocusOn<HTMLDivElement>(confirm.error);
  // The system presents yet another certificate: what is shown here is stale until inspected again.
  const stale = confirm.error instanceof ApiError && confirm.error.code === "CERTIFICATE_MISMATCH";
  if (stale) return <ApiErrorAlert ref={errorRef} error={confirm.error} />;

  return (
    <Form className="flex flex-col gap-4" onSubmit={form.handleSubmit(() => confirm.mutate())}>
      {confirm.error ? <ApiErrorAlert ref={errorRef} error={confirm.error} showFieldMessages /> : null}
      <CertificateFactsList certificate={inspection.certificate} inspectedAt={inspection.inspectedAt} />
      <Comparison trust={system.trust} presented={inspection.certificate.sha256Fingerprint} />
      <Checkbox
        label={CONFIRM_FINGERPRINT_LABEL}
        error={form.formState.errors.confirmed?.message}
        {...form.register("confirmed")}
      />
      <SubmitCancelButtons pending={confirm.isPending} onCancel={onCancel}>
        Trust this certificate
      </SubmitCancelButtons>
    </Form>
  );
}
