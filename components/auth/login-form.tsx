"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Form, useHydrated } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api-client/api-error";
import { signIn } from "@/lib/api-client/auth";
import { changePasswordHref, safeNextPath } from "@/lib/schemas/next-path";
import { loginSchema, type LoginInput } from "@/lib/schemas/user";

import { UsernameField } from "./username-field";

function describe(error: ApiError): string {
  if (error.code === "VALIDATION_FAILED") return "Enter your username and password, then select Sign in.";
  return error.message;
}

/**
 * The sign-in form: signs in, then goes to `next` (same-origin paths only), or first to the
 * password change when an admin reset the password. Focus starts in Username as soon as the form
 * takes input (after hydration), unless the user has already moved it.
 */
export function LoginForm({ next }: { next?: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const form = useForm<LoginInput>({
    resolver: zodResolver(loginSchema),
    mode: "onChange",
    defaultValues: { username: "", password: "" },
  });
  const login = useMutation({
    mutationFn: (values: LoginInput) => signIn(values),
    onSuccess: (me) => {
      router.replace(me.mustChangePassword ? changePasswordHref(next) : safeNextPath(next));
      router.refresh();
    },
    onError: (error) => {
      form.resetField("password");
      if (error instanceof ApiError && error.detail.retryAfterSeconds) {
        setRetryAt(Date.now() + error.detail.retryAfterSeconds * 1000);
      }
    },
  });

  useEffect(() => {
    const untouched = document.activeElement === null || document.activeElement === document.body;
    if (hydrated && untouched) form.setFocus("username");
  }, [hydrated, form]);

  // Re-enable the button when the server's wait is over.
  useEffect(() => {
    if (retryAt === null) return;
    const timer = setTimeout(() => setRetryAt(null), Math.max(0, retryAt - Date.now()));
    return () => clearTimeout(timer);
  }, [retryAt]);

  const { errors } = form.formState;
  const failure =
    login.error instanceof ApiError ? describe(login.error) : login.error ? "Something went wrong. Try again." : null;

  return (
    <Form noValidate className="flex flex-col gap-4" onSubmit={form.handleSubmit((values) => login.mutate(values))}>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <UsernameField error={errors.username?.message} {...form.register("username")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" pending={login.isPending} disabled={retryAt !== null}>
        Sign in
      </Button>
    </Form>
  );
}
