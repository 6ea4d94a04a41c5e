"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api-client/api-error";
import { updateUser, usersQueryKey } from "@/lib/api-client/users";
import { passwordSchema, roleSchema, type PublicUser, type Role, type UpdateUserInput } from "@/lib/schemas/user";

import { ROLE_OPTIONS } from "./role-options";

function successMessage(user: PublicUser, change: UpdateUserInput): string {
  if (change.password !== undefined) return `The password of ${user.username} is reset; their sessions have ended.`;
  if (change.disabled === true) return `${user.username} is disabled and signed out.`;
  if (change.disabled === false) return `${user.username} is enabled.`;
  return `${user.username} is now ${user.role}.`;
}

/** One user with its actions: change role, disable or enable, reset password. */
export function UserRow({
  user,
  isSelf,
  onDone,
}: {
  user: PublicUser;
  isSelf: boolean;
  onDone: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");
  const [passwordError, setPasswordError] = useState<string | undefined>();

  const update = useMutation({
    mutationFn: (change: UpdateUserInput) => updateUser(user.id, change),
    onSuccess: async (updated, change) => {
      setResetting(false);
      setPassword("");
      onDone(successMessage(updated, change));
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
    onError: (error, change) => {
      if (change.role !== undefined) setRole(user.role);
      if (error instanceof ApiError && error.detail.fields?.password?.[0])
        setPasswordError(error.detail.fields.password[0]);
    },
  });

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) {
      setPasswordError(parsed.error.issues[0]?.message);
      return;
    }
    setPasswordError(undefined);
    update.mutate({ password: parsed.data });
  };

  const failure =
    update.error instanceof ApiError && !update.error.detail.fields?.password ? update.error.message : null;
  const label = `${user.username}${isSelf ? " (you)" : ""}`;
  return (
    <>
      <tr className="border-t border-slate-200 align-top">
        <th scope="row" className="py-3 pr-4 text-left font-medium">
          {label}
        </th>
        <td className="py-3 pr-4">
          <div className="flex items-end gap-2">
            <Select
              label={`Role of ${user.username}`}
              hideLabel
              value={role}
              options={ROLE_OPTIONS}
              onChange={(event) => setRole(roleSchema.parse(event.target.value))}
              disabled={update.isPending}
            />
            {role !== user.role ? (
              <Button
                size="sm"
                className="mb-1"
                aria-label={`Save role of ${user.username}`}
                pending={update.isPending}
                onClick={() => update.mutate({ role })}
              >
                Save role
              </Button>
            ) : null}
          </div>
        </td>
        <td className="py-3 pr-4">{user.disabled ? "Disabled" : "Enabled"}</td>
        <td className="py-3">
          <div className="flex flex-wrap gap-2">
            <Button
              size="sm"
              variant={user.disabled ? "secondary" : "danger"}
              aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.username}`}
              pending={update.isPending}
              onClick={() => update.mutate({ disabled: !user.disabled })}
            >
              {user.disabled ? "Enable" : "Disable"}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              aria-label={`Reset password of ${user.username}`}
              aria-expanded={resetting}
              onClick={() => {
                setResetting(!resetting);
                setPasswordError(undefined);
              }}
            >
              Reset password
            </Button>
          </div>
        </td>
      </tr>
      {resetting || failure ? (
        <tr>
          <td colSpan={4} className="pb-4">
            {failure ? (
              <Alert tone="error" className="mb-3">
                {failure}
              </Alert>
            ) : null}
            {resetting ? (
              <Form onSubmit={submitPassword} className="flex flex-wrap items-start gap-2">
                <TextField
                  label={`New password for ${user.username}`}
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  error={passwordError}
                  hint="Their sessions end at once; tell them the new password in person or another safe way."
                  className="min-w-72 flex-1"
                />
                <div className="flex gap-2 pt-7">
                  <Button type="submit" size="sm" pending={update.isPending}>
                    Save password
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => setResetting(false)}>
                    Cancel
                  </Button>
                </div>
              </Form>
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}
