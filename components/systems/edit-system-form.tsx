"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { Alert } from "@/components/ui/alert";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { applyFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Form } from "@/components/ui/form";
import { SubmitCancelButtons } from "@/components/ui/submit-cancel-buttons";
import { TextField } from "@/components/ui/text-field";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { ApiError } from "@/lib/api-client/api-error";
import { updateSystem, type UpdateSystemBody } from "@/lib/api-client/systems";
import { baseUrlSchema, systemNameSchema, updateSystemSchema, type SystemView } from "@/lib/schemas/system";

import { StorageDeviceIdField } from "./storage-device-id-field";

const editSystemFormSchema = z.object({
  name: systemNameSchema,
  baseUrl: baseUrlSchema,
  storageDeviceId: updateSystemSchema.shape.storageDeviceId,
});
type EditSystemFormInput = z.input<typeof editSystemFormSchema>;
type EditSystemFormValues = z.output<typeof editSystemFormSchema>;

/** Only what changed, so that an unchanged address does not clear the last test's results. */
function changesOf(system: SystemView, values: EditSystemFormValues): UpdateSystemBody {
  const body: UpdateSystemBody = {};
  if (values.name !== system.name) body.name = values.name;
  if (values.baseUrl !== system.baseUrl) body.baseUrl = values.baseUrl;
  const storageDeviceId = values.storageDeviceId ?? null;
  if (storageDeviceId !== system.storageDeviceId) body.storageDeviceId = storageDeviceId;
  return body;
}

const FIELDS = ["name", "baseUrl", "storageDeviceId"] as const;

/** An admin changes a system's name, address or storageDeviceId (PATCH). */
export function EditSystemForm({
  system,
  onSaved,
  onCancel,
}: {
  system: SystemView;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const form = useForm<EditSystemFormInput, unknown, EditSystemFormValues>({
    resolver: zodResolver(editSystemFormSchema),
    mode: "onChange",
    defaultValues: { name: system.name, baseUrl: system.baseUrl, storageDeviceId: system.storageDeviceId ?? "" },
  });
  const save = useMutation({
    mutationFn: (body: UpdateSystemBody) => updateSystem(system.id, body),
    onSuccess: (_answer, body) =>
      onSaved(
        body.baseUrl !== undefined || body.storageDeviceId !== undefined
          ? "Saved. The address changed, so test the connection again."
          : "Saved.",
      ),
    onError: (error) => {
      applyFieldErrors<EditSystemFormInput>(error, FIELDS, form.setError);
      if (error instanceof ApiError && error.code === "CONFLICT")
        form.setError("name", { type: "server", message: error.message });
    },
  });
  const errorRef = useFocusOn<HTMLDivElement>(save.error);
  const { errors } = form.formState;

  return (
    <Form
      noValidate
      aria-labelledby="edit-system-heading"
      className="flex flex-col gap-4"
      onSubmit={form.handleSubmit((values) => {
        const body = changesOf(system, values);
        if (Object.keys(body).length === 0) {
          form.setError("root", { type: "unchanged", message: "Nothing changed. Change a value, or select Cancel." });
          return;
        }
        save.mutate(body);
      })}
    >
      <h3 id="edit-system-heading" className="font-semibold">
        Edit system
      </h3>
      {save.error ? <ApiErrorAlert ref={errorRef} error={save.error} /> : null}
      {errors.root ? <Alert tone="info">{errors.root.message}</Alert> : null}
      <TextField label="Name" autoComplete="off" autoFocus error={errors.name?.message} {...form.register("name")} />
      <TextField
        label="Base URL"
        hint="A new address keeps the confirmed certificate: the system there must present it, or re-confirm the certificate after saving. The last test's results are cleared."
        inputMode="url"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        error={errors.baseUrl?.message}
        {...form.register("baseUrl")}
      />
      <StorageDeviceIdField error={errors.storageDeviceId?.message} {...form.register("storageDeviceId")} />
      <SubmitCancelButtons pending={save.isPending} onCancel={onCancel}>
        Save changes
      </SubmitCancelButtons>
    </Form>
  );
}
