"use client";

import type { Ref } from "react";
import type { UseFormReturn } from "react-hook-form";

import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-parts";
import { Radio } from "@/components/ui/radio";
import { TextArea } from "@/components/ui/text-area";

import { CertificateFactsList } from "./certificate-facts-list";
import type { RegisterSystemFormInput, RegisterSystemFormValues, TrustMode } from "./register-system-schema";
import { CONFIRM_FINGERPRINT_LABEL, type Inspection } from "./use-certificate-inspection";

export const FINGERPRINT_ERROR_ID = "register-fingerprint";

/** Step 2 of registering: the inspected certificate, and pinning it or trusting a CA instead. */
export function RegisterTrustFields({
  form,
  trustMode,
  inspection,
  factsHeadingRef,
}: {
  form: UseFormReturn<RegisterSystemFormInput, unknown, RegisterSystemFormValues>;
  trustMode: TrustMode;
  inspection: Inspection | undefined;
  factsHeadingRef: Ref<HTMLHeadingElement>;
}) {
  const { errors } = form.formState;
  const trustModeField = form.register("trustMode", {
    // The other way's messages no longer apply.
    onChange: () => form.clearErrors(["sha256Fingerprint", "confirmed", "caCertificatePem"]),
  });
  return (
    <div className="flex flex-col gap-5">
      {inspection ? (
        <div className="flex flex-col gap-3">
          <h3
            ref={factsHeadingRef}
            tabIndex={-1}
            className="font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          >
            Certificate presented by the system
          </h3>
          <CertificateFactsList certificate={inspection.certificate} inspectedAt={inspection.inspectedAt} />
        </div>
      ) : null}

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-semibold text-slate-800">
          How should the portal trust this system&apos;s certificate?
        </legend>
        <Radio
          value="pin"
          label="Pin the certificate the system presents"
          hint="Inspect it, then compare its SHA-256 fingerprint with the one the storage system shows (e.g. in its maintenance utility)."
          {...trustModeField}
        />
        <Radio
          value="ca"
          label="Trust a CA certificate instead"
          hint="When your own CA issued the system's certificate: paste that CA's certificate."
          {...trustModeField}
        />
      </fieldset>

      {trustMode === "pin" ? (
        <div className="flex flex-col gap-2">
          {inspection ? (
            <Checkbox
              label={CONFIRM_FINGERPRINT_LABEL}
              error={errors.confirmed?.message}
              {...form.register("confirmed")}
            />
          ) : (
            <p className="text-sm text-slate-700">
              Select “Inspect certificate” above to see the certificate and its fingerprint.
            </p>
          )}
          <FieldError id={FINGERPRINT_ERROR_ID}>{errors.sha256Fingerprint?.message}</FieldError>
        </div>
      ) : (
        <TextArea
          label="CA certificate (PEM)"
          hint="One certificate: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----."
          spellCheck={false}
          autoComplete="off"
          error={errors.caCertificatePem?.message}
          {...form.register("caCertificatePem")}
        />
      )}
    </div>
  );
}
