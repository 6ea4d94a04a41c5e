"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { applyFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { SuccessNotice } from "@/components/ui/success-notice";
import { TextField } from "@/components/ui/text-field";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { fleetQueryKey } from "@/lib/api-client/fleet";
import { settingsQueryKey, updateSettings, type UpdateSettingsBody } from "@/lib/api-client/settings";
import { updateSettingsSchema, type PortalSettings, type UpdateSettingsInput } from "@/lib/schemas/settings";

import { savedText } from "./settings-text";

/** An admin changes the team-wide backup interval (PATCH /api/settings). */
export function SettingsForm({ initialSettings }: { initialSettings: PortalSettings }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [notice, setNotice] = useState<{ text: string } | null>(null);
  const form = useForm<UpdateSettingsBody, unknown, UpdateSettingsInput>({
    resolver: zodResolver(updateSettingsSchema),
    mode: "onChange",
    defaultValues: { backupIntervalDays: String(initialSettings.backupIntervalDays) },
  });
  const save = useMutation({
    mutationFn: (values: UpdateSettingsInput) => updateSettings(values),
    onSuccess: (saved) => {
      form.reset({ backupIntervalDays: String(saved.backupIntervalDays) });
      setNotice({ text: savedText(saved) });
      queryClient.setQueryData(settingsQueryKey, saved);
      // Which systems are overdue depends on the interval.
      void queryClient.invalidateQueries({ queryKey: fleetQueryKey() });
      router.refresh();
    },
    onError: (error) => applyFieldErrors<UpdateSettingsBody>(error, ["backupIntervalDays"], form.setError),
  });
  const errorRef = useFocusOn<HTMLDivElement>(save.error);
  const { errors } = form.formState;

  return (
    <Form
      aria-labelledby={headingId}
      className="flex flex-col gap-4"
      onSubmit={form.handleSubmit((values) => {
        setNotice(null);
        save.mutate(values);
      })}
    >
      <div>
        <h2 id={headingId} className="text-lg font-semibold">
          Backups
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          A system with no successful backup for longer than this is shown as overdue on the Fleet page.
        </p>
      </div>
      <SuccessNotice notice={notice} />
      {save.error ? <ApiErrorAlert ref={errorRef} error={save.error} /> : null}
      <TextField
        label="Backup interval (days)"
        hint="A whole number from 1 to 366."
        type="number"
        inputMode="numeric"
        min={1}
        max={366}
        step={1}
        autoComplete="off"
        className="max-w-xs"
        error={errors.backupIntervalDays?.message}
        {...form.register("backupIntervalDays")}
      />
      <div>
        <Button type="submit" pending={save.isPending}>
          Save settings
        </Button>
      </div>
    </Form>
  );
}
