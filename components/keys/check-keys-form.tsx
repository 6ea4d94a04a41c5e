"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { useForm } from "react-hook-form";

import { StorageCredentialFields } from "@/components/systems/storage-credential-fields";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { applyFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { ApiError } from "@/lib/api-client/api-error";
import { fleetQueryKey } from "@/lib/api-client/fleet";
import { checkKeys, keyCheckQueryKey } from "@/lib/api-client/key-checks";
import { keyCheckRequestSchema, type KeyCheck } from "@/lib/schemas/key-check";
import type { TestConnectionInput } from "@/lib/schemas/system";

/**
 * Lists the system's encryption keys with storage credentials typed for this check only, and
 * shows the new snapshot in place of the old one (through the query cache; `onChecked` too).
 */
export function CheckKeysForm({ systemId, onChecked }: { systemId: string; onChecked?: (check: KeyCheck) => void }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const form = useForm<TestConnectionInput>({
    resolver: zodResolver(keyCheckRequestSchema),
    mode: "onChange",
    defaultValues: { storageUsername: "", storagePassword: "" },
  });
  const check = useMutation({
    mutationFn: (values: TestConnectionInput) => checkKeys(systemId, values),
    onSuccess: (keyCheck) => {
      // The password is not kept in the page any longer than the check needs it.
      form.resetField("storagePassword");
      queryClient.setQueryData(keyCheckQueryKey(systemId), keyCheck);
      // A system's fleet status depends on its latest key check.
      void queryClient.invalidateQueries({ queryKey: fleetQueryKey() });
      onChecked?.(keyCheck);
    },
    onError: (error) => {
      applyFieldErrors<TestConnectionInput>(error, ["storageUsername", "storagePassword"], form.setError);
      if (error instanceof ApiError && error.code === "STORAGE_AUTH_FAILED") form.resetField("storagePassword");
    },
  });
  const errorRef = useFocusOn<HTMLDivElement>(check.error);
  const { errors } = form.formState;

  return (
    <div className="flex flex-col gap-4">
      <Form
        aria-labelledby={headingId}
        className="flex flex-col gap-4"
        onSubmit={form.handleSubmit((values) => check.mutate(values))}
      >
        <div>
          <h3 id={headingId} className="font-semibold">
            Check keys now
          </h3>
          <p className="mt-1 text-sm text-slate-700">
            Lists the system&apos;s encryption keys and finds those not backed up yet; nothing is backed up or changed.
            The user name and password are used for this check only and are not stored. The check needs Storage
            Administrator (View Only) to sign in and Security Administrator (View Only) to list the keys.
          </p>
        </div>
        <StorageCredentialFields
          username={{ error: errors.storageUsername?.message, ...form.register("storageUsername") }}
          password={{ error: errors.storagePassword?.message, ...form.register("storagePassword") }}
        />
        <div>
          <Button type="submit" pending={check.isPending}>
            Check keys
          </Button>
        </div>
      </Form>
      {check.isPending ? (
        <p role="status" className="text-sm text-slate-700">
          Reading the keys from the storage system…
        </p>
      ) : check.error ? (
        <ApiErrorAlert
          ref={errorRef}
          error={check.error}
          signInNext={`/systems/${encodeURIComponent(systemId)}`}
          titles={{ STORAGE_PERMISSION_DENIED: "The storage user may not list the encryption keys." }}
        />
      ) : null}
    </div>
  );
}
