"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { applyFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api-client/api-error";
import { createUser, usersQueryKey } from "@/lib/api-client/users";
import { createUserSchema, PASSWORD_MIN, type CreateUserInput, type PublicUser } from "@/lib/schemas/user";

import { ROLE_OPTIONS } from "./role-options";

export function AddUserForm({ onAdded }: { onAdded: (user: PublicUser) => void }) {
  const queryClient = useQueryClient();
  const form = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    mode: "onChange",
    defaultValues: { username: "", role: "viewer", password: "" },
  });
  const add = useMutation({
    mutationFn: (values: CreateUserInput) => createUser(values),
    onSuccess: async (user) => {
      form.reset();
      onAdded(user);
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
    onError: (error) => {
      applyFieldErrors(error, ["username", "role", "password"], form.setError);
    },
  });

  const { errors } = form.formState;
  const failure = add.error instanceof ApiError && !add.error.detail.fields ? add.error.message : null;
  return (
    <Form
      noValidate
      aria-labelledby="add-user-heading"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={form.handleSubmit((values) => add.mutate(values))}
    >
      <h2 id="add-user-heading" className="text-lg font-semibold">
        Add a user
      </h2>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {/* grid-cols-1 (minmax(0, 1fr)): a select's long option cannot widen the page at 320 px. */}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <TextField
          label="Username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          error={errors.username?.message}
          {...form.register("username")}
        />
        <Select label="Role" options={ROLE_OPTIONS} error={errors.role?.message} {...form.register("role")} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters, hard to guess.`}
          error={errors.password?.message}
          {...form.register("password")}
        />
      </div>
      <div>
        <Button type="submit" pending={add.isPending}>
          Add user
        </Button>
      </div>
    </Form>
  );
}
