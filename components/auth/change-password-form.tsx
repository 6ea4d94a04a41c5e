"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { applyFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { Form, useHydrated } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api-client/api-error";
import { changePassword } from "@/lib/api-client/auth";
import { safeNextPath } from "@/lib/schemas/next-path";
import { changePasswordFormSchema, PASSWORD_MIN, type ChangePasswordFormInput } from "@/lib/schemas/user";

/**
 * The signed-in user sets their own password: the current one (after a reset, the one the admin
 * gave them), the new one twice. Then on to `next`.
 */
export function ChangePasswordForm({ username, next }: { username: string; next?: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const form = useForm<ChangePasswordFormInput>({
    resolver: zodResolver(changePasswordFormSchema),
    mode: "onTouched",
    defaultValues: { currentPassword: "", newPassword: "", confirm: "" },
  });
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: ChangePasswordFormInput) =>
      changePassword({ currentPassword, newPassword }),
    onSuccess: () => {
      router.replace(safeNextPath(next));
      router.refresh();
    },
    onError: (error) => {
      applyFieldErrors(error, ["currentPassword", "newPassword"], form.setError);
      if (error instanceof ApiError && error.detail.fields?.currentPassword) form.resetField("currentPassword");
    },
  });

  useEffect(() => {
    const untouched = document.activeElement === null || document.activeElement === document.body;
    if (hydrated && untouched) form.setFocus("currentPassword");
  }, [hydrated, form]);

  const { errors } = form.formState;
  const failure =
    change.error instanceof ApiError && !change.error.detail.fields
      ? change.error.message
      : change.error && !(change.error instanceof ApiError)
        ? "Something went wrong. Try again."
        : null;
  return (
    <Form className="flex flex-col gap-4" onSubmit={form.handleSubmit((values) => change.mutate(values))}>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {/* For password managers: whose password this is. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <TextField
        label="Current password"
        type="password"
        hint="After a reset, the password the admin gave you."
        autoComplete="current-password"
        error={errors.currentPassword?.message}
        {...form.register("currentPassword")}
      />
      <TextField
        label="New password"
        type="password"
        hint={`At least ${PASSWORD_MIN} characters and hard to guess; a few unrelated words work well.`}
        autoComplete="new-password"
        error={errors.newPassword?.message}
        {...form.register("newPassword", { deps: ["confirm"] })}
      />
      <TextField
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={errors.confirm?.message}
        {...form.register("confirm")}
      />
      <Button type="submit" pending={change.isPending || change.isSuccess}>
        Save new password
      </Button>
    </Form>
  );
}
