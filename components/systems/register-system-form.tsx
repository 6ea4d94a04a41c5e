"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useForm, useWatch } from "react-hook-form";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { applyServerFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { LinkButton } from "@/components/ui/link-button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { ApiError } from "@/lib/api-client/api-error";
import { registerSystem } from "@/lib/api-client/systems";
import { baseUrlSchema, inspectCertificateSchema } from "@/lib/schemas/system";

import { BASE_URL_HINT } from "./field-hints";
import { FormSection } from "./form-section";
import { useDuplicateAddress } from "./register-duplicate-address";
import { RegisterDuplicateWarning } from "./register-duplicate-warning";
import {
  REGISTER_DEFAULTS,
  registerFieldFor,
  registerSystemFormSchema,
  toRegisterBody,
  type RegisterSystemFormValues,
} from "./register-system-schema";
import { FINGERPRINT_ERROR_ID, RegisterTrustFields } from "./register-trust-fields";
import { StorageDeviceIdField } from "./storage-device-id-field";
import { useCertificateInspection } from "./use-certificate-inspection";

/** Registering a storage system: address, inspected and confirmed certificate (or a CA), name. */
export function RegisterSystemForm() {
  const router = useRouter();
  const form = useForm({
    resolver: zodResolver(registerSystemFormSchema),
    mode: "onChange",
    defaultValues: REGISTER_DEFAULTS,
  });
  const [trustMode, baseUrlValue, storageDeviceIdValue] = useWatch({
    control: form.control,
    name: ["trustMode", "baseUrl", "storageDeviceId"],
  });
  const duplicate = useDuplicateAddress(
    baseUrlValue,
    typeof storageDeviceIdValue === "string" ? storageDeviceIdValue : undefined,
  );
  const inspect = useCertificateInspection();
  const inspectButtonRef = useRef<HTMLButtonElement>(null);
  const factsHeadingRef = useFocusOn<HTMLHeadingElement>(inspect.data);
  const inspectErrorRef = useFocusOn<HTMLDivElement>(inspect.error);

  const forgetInspection = () => {
    inspect.reset();
    form.setValue("sha256Fingerprint", "");
    form.setValue("confirmed", false);
  };

  const submit = useMutation({
    mutationFn: (values: RegisterSystemFormValues) =>
      registerSystem(toRegisterBody(values, { duplicateShown: duplicate.existing !== undefined })),
    onSuccess: (system) => router.push(`/systems/${system.id}`),
    onError: (error) => {
      // Shown as the warning with its confirmation, by the address.
      if (duplicate.noteRefusal(error)) {
        form.setValue("confirmDuplicateBaseUrl", false);
        setTimeout(() => form.setFocus("confirmDuplicateBaseUrl"));
        return;
      }
      const mode = form.getValues("trustMode");
      applyServerFieldErrors<typeof REGISTER_DEFAULTS>(error, (path) => registerFieldFor(path, mode), form.setError);
      if (!(error instanceof ApiError)) return;
      if (error.code === "CERTIFICATE_MISMATCH") forgetInspection();
      if (error.code === "CONFLICT") form.setError("name", { type: "server", message: error.message });
    },
  });
  const submitErrorRef = useFocusOn<HTMLDivElement>(submit.error);

  const onInspect = async () => {
    if (!(await form.trigger("baseUrl"))) {
      form.setFocus("baseUrl");
      return;
    }
    const parsed = inspectCertificateSchema.safeParse({ baseUrl: form.getValues("baseUrl") });
    if (!parsed.success) {
      form.setError("baseUrl", { type: "manual", message: parsed.error.issues[0]?.message }, { shouldFocus: true });
      return;
    }
    inspect.mutate(parsed.data.baseUrl, {
      onSuccess: ({ certificate }) => {
        form.setValue("sha256Fingerprint", certificate.sha256Fingerprint, { shouldValidate: true });
        form.setValue("confirmed", false);
      },
      onError: (error) =>
        applyServerFieldErrors<typeof REGISTER_DEFAULTS>(
          error,
          (path) => (path === "baseUrl" ? "baseUrl" : undefined),
          form.setError,
        ),
    });
  };

  const baseUrlField = form.register("baseUrl", {
    onChange: (event: { target: { value: string } }) => {
      if (!inspect.data && !inspect.error) return;
      // An inspection belongs to the address it was made for.
      const now = baseUrlSchema.safeParse(event.target.value);
      if (!now.success || now.data !== inspect.data?.baseUrl) forgetInspection();
    },
  });

  const { errors } = form.formState;
  const plainHttp = /^\s*http:/i.test(baseUrlValue);
  return (
    <Form
      noValidate
      className="flex flex-col gap-6"
      onSubmit={(event) =>
        form.handleSubmit(
          (values) => {
            if (duplicate.existing && !values.confirmDuplicateBaseUrl) {
              const message = "Tick this box to register a second system at this address, or change the address.";
              form.setError("confirmDuplicateBaseUrl", { type: "manual", message }, { shouldFocus: true });
              return;
            }
            submit.mutate(values);
          },
          (invalid) => {
            // The one error without a field of its own: the certificate was never inspected.
            if (invalid.sha256Fingerprint && Object.keys(invalid).length === 1) inspectButtonRef.current?.focus();
          },
        )(event)
      }
    >
      {submit.error && !(submit.error instanceof ApiError && submit.error.code === "DUPLICATE_BASE_URL") ? (
        <ApiErrorAlert ref={submitErrorRef} error={submit.error} signInNext="/systems/new" />
      ) : null}

      <FormSection title="1. Address" description="Where the portal reaches the system's REST API.">
        <TextField
          label="Base URL"
          hint={BASE_URL_HINT}
          inputMode="url"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          error={errors.baseUrl?.message}
          {...baseUrlField}
        />
        <div>
          <Button
            ref={inspectButtonRef}
            variant="secondary"
            pending={inspect.isPending}
            disabled={plainHttp}
            aria-describedby={errors.sha256Fingerprint ? `${FINGERPRINT_ERROR_ID}-error` : undefined}
            onClick={onInspect}
          >
            Inspect certificate
          </Button>
        </div>
        {inspect.error ? <ApiErrorAlert ref={inspectErrorRef} error={inspect.error} signInNext="/systems/new" /> : null}
        <StorageDeviceIdField error={errors.storageDeviceId?.message} {...form.register("storageDeviceId")} />
        {duplicate.existing ? (
          <RegisterDuplicateWarning
            existing={duplicate.existing}
            error={errors.confirmDuplicateBaseUrl?.message}
            {...form.register("confirmDuplicateBaseUrl")}
          />
        ) : null}
      </FormSection>

      <FormSection
        title="2. Certificate trust"
        description="The portal only connects to a system whose certificate an admin confirmed."
      >
        {plainHttp ? (
          <p className="text-sm text-slate-700">
            A plain http:// address has no certificate to trust. The portal accepts it only when its operator allowed
            plain http (a lab set-up); use the https:// address for a real system.
          </p>
        ) : (
          <RegisterTrustFields
            form={form}
            trustMode={trustMode}
            inspection={inspect.data}
            factsHeadingRef={factsHeadingRef}
          />
        )}
      </FormSection>

      <FormSection title="3. Finish">
        <TextField
          label="Name"
          hint="How the portal lists this system, e.g. VSP E990 Tokyo DC1."
          autoComplete="off"
          error={errors.name?.message}
          {...form.register("name")}
        />
      </FormSection>

      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={submit.isPending || submit.isSuccess}>
          Register system
        </Button>
        <LinkButton variant="secondary" href="/systems">
          Cancel
        </LinkButton>
      </div>
    </Form>
  );
}
