"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { applyFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api-client/api-error";
import { completeSetup } from "@/lib/api-client/auth";
import { PASSWORD_MIN, setupFormSchema, type SetupFormInput } from "@/lib/schemas/user";

import { UsernameField } from "./username-field";

/** Creates the first admin with the one-time token from the server log. */
export function SetupForm({ token }: { token: string }) {
  const form = useForm<SetupFormInput>({
    resolver: zodResolver(setupFormSchema),
    mode: "onChange",
    defaultValues: { username: "", password: "", confirm: "" },
  });
  const setup = useMutation({
    mutationFn: ({ username, password }: SetupFormInput) => completeSetup({ token, username, password }),
    onError: (error) => {
      applyFieldErrors(error, ["username", "password"], form.setError);
    },
  });

  if (setup.isSuccess) {
    return (
      <Alert tone="success" title="The first admin is ready.">
        <p>
          <Link href="/login?next=/users" className="font-medium underline">
            Sign in
          </Link>{" "}
          as {setup.data.username}, then add the other users on the Users page.
        </p>
      </Alert>
    );
  }

  const { errors } = form.formState;
  const failure = setup.error instanceof ApiError && !setup.error.detail.fields ? setup.error.message : null;
  return (
    <Form className="flex flex-col gap-4" onSubmit={form.handleSubmit((values) => setup.mutate(values))}>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <UsernameField
        hint="Letters, digits and . _ - @ only."
        error={errors.username?.message}
        {...form.register("username")}
      />
      <TextField
        label="Password"
        type="password"
        hint={`At least ${PASSWORD_MIN} characters and hard to guess; a few unrelated words work well.`}
        autoComplete="new-password"
        error={errors.password?.message}
        {...form.register("password", { deps: ["confirm"] })}
      />
      <TextField
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        error={errors.confirm?.message}
        {...form.register("confirm")}
      />
      <Button type="submit" pending={setup.isPending}>
        Create admin
      </Button>
    </Form>
  );
}
