"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { applyFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { ApiError } from "@/lib/api-client/api-error";
import { testConnection } from "@/lib/api-client/systems";
import { testConnectionSchema, type TestConnectionInput } from "@/lib/schemas/system";

import { StorageCredentialFields } from "./storage-credential-fields";
import { TestConnectionResultView } from "./test-connection-result";

/**
 * The server's message already says an admin must check the trust; an admin is also pointed to
 * the button on this page that does it, which the server cannot know about.
 */
function certificateTitle(isAdmin: boolean): string {
  return isAdmin
    ? "The system's certificate is not the one the portal trusts. If you expected the change, use “Re-confirm certificate” below; otherwise find out why it changed."
    : "The system's certificate is not the one the portal trusts.";
}

/** Signs in to the storage system with credentials typed for this test only, and reads its identity. */
export function TestConnectionPanel({ systemId, isAdmin }: { systemId: string; isAdmin: boolean }) {
  const router = useRouter();
  const form = useForm<TestConnectionInput>({
    resolver: zodResolver(testConnectionSchema),
    mode: "onChange",
    defaultValues: { storageUsername: "", storagePassword: "" },
  });
  const test = useMutation({
    mutationFn: (values: TestConnectionInput) => testConnection(systemId, values),
    onSuccess: () => {
      // The password is not kept in the page any longer than the test needs it.
      form.resetField("storagePassword");
      // The identity and key-backup support shown above come from the server.
      router.refresh();
    },
    onError: (error) => {
      applyFieldErrors<TestConnectionInput>(error, ["storageUsername", "storagePassword"], form.setError);
      if (error instanceof ApiError && error.code === "STORAGE_AUTH_FAILED") form.resetField("storagePassword");
    },
  });
  const resultRef = useFocusOn<HTMLDivElement>(test.data);
  const errorRef = useFocusOn<HTMLDivElement>(test.error);
  const { errors } = form.formState;

  return (
    <div className="flex flex-col gap-4">
      <Form
        aria-label="Connection test"
        className="flex flex-col gap-4"
        onSubmit={form.handleSubmit((values) => test.mutate(values))}
      >
        <p className="text-sm text-slate-700">
          Optional, and not needed before a backup. Signs in and reads the system&apos;s identity; only a backup can
          tell whether the array supports key backup. Needs Storage Administrator (View Only). The user name and
          password are used for this test only and are not stored.
        </p>
        <StorageCredentialFields
          legend="Storage user for this test"
          username={{ error: errors.storageUsername?.message, ...form.register("storageUsername") }}
          password={{ error: errors.storagePassword?.message, ...form.register("storagePassword") }}
        />
        <div>
          <Button type="submit" variant="secondary" pending={test.isPending}>
            Test connection
          </Button>
        </div>
      </Form>
      {test.isPending ? (
        <p role="status" className="text-sm text-slate-700">
          Connecting to the storage system…
        </p>
      ) : test.error ? (
        <ApiErrorAlert ref={errorRef} error={test.error} titles={{ STORAGE_TLS_ERROR: certificateTitle(isAdmin) }} />
      ) : test.data ? (
        <TestConnectionResultView ref={resultRef} result={test.data} />
      ) : null}
    </div>
  );
}
