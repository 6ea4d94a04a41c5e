"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApiError } from "@/lib/api-client/api-error";
import { updateUser, usersQueryKey } from "@/lib/api-client/users";
import type { PublicUser, Role, UpdateUserInput } from "@/lib/schemas/user";

import { ResetPasswordForm } from "./reset-password-form";
import { RoleCell } from "./role-cell";

function successMessage(user: PublicUser, change: UpdateUserInput, isSelf: boolean): string {
  if (change.password !== undefined) {
    return isSelf
      ? "Your password is reset; your other sessions have ended."
      : `The password of ${user.username} is reset; their sessions have ended, and they must choose a new one when they next sign in.`;
  }
  if (change.disabled === true) return `${user.username} is disabled and signed out.`;
  if (change.disabled === false) return `${user.username} is enabled.`;
  return `${user.username} is now ${user.role}.`;
}

/**
 * One user with its actions: change role, disable (after a confirmation; never oneself) or
 * enable, reset password (after a confirmation).
 */
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
  // The list refetched with another change to this user (here or by another admin): start from it.
  const [seen, setSeen] = useState(user.updatedAt);
  if (seen !== user.updatedAt) {
    setSeen(user.updatedAt);
    setRole(user.role);
  }
  const [resetting, setResetting] = useState(false);
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const [roleSaved, setRoleSaved] = useState(false);

  const update = useMutation({
    mutationFn: (change: UpdateUserInput) => updateUser(user.id, change),
    onSuccess: async (updated, change) => {
      setResetting(false);
      setConfirmingDisable(false);
      setRoleSaved(change.role !== undefined);
      setRole(updated.role);
      // The role's "Saved" says it in place; the message above the table is for the others.
      if (change.role === undefined) onDone(successMessage(updated, change, isSelf));
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
    onError: (_error, change) => {
      setRoleSaved(false);
      if (change.role !== undefined) setRole(user.role);
    },
  });

  const passwordError = update.error instanceof ApiError ? update.error.detail.fields?.password?.[0] : undefined;
  const failure =
    update.error instanceof ApiError && !update.error.detail.fields?.password ? update.error.message : null;
  const label = `${user.username}${isSelf ? " (you)" : ""}`;
  return (
    <>
      <tr className="border-t border-slate-200 align-top">
        <th scope="row" className="min-w-28 py-3 pr-4 text-left font-medium wrap-break-word">
          {label}
        </th>
        <td className="py-3 pr-4">
          <RoleCell
            user={user}
            role={role}
            onRoleChange={(next) => {
              setRole(next);
              setRoleSaved(false);
            }}
            onSave={() => update.mutate({ role })}
            pending={update.isPending}
            saved={roleSaved}
          />
        </td>
        <td className="py-3 pr-4">
          <span className="flex flex-col gap-0.5">
            <span>{user.disabled ? "Disabled" : "Enabled"}</span>
            {user.mustChangePassword ? <span className="text-slate-600">Must change password</span> : null}
          </span>
        </td>
        <td className="py-3">
          <div className="flex flex-wrap gap-2">
            {user.disabled ? (
              <Button
                size="sm"
                variant="secondary"
                aria-label={`Enable ${user.username}`}
                pending={update.isPending}
                onClick={() => update.mutate({ disabled: false })}
              >
                Enable
              </Button>
            ) : isSelf ? null : (
              <Button
                size="sm"
                variant="danger"
                aria-label={`Disable ${user.username}`}
                aria-haspopup="dialog"
                pending={update.isPending}
                onClick={() => setConfirmingDisable(true)}
              >
                Disable
              </Button>
            )}
            <Button
              size="sm"
              variant="secondary"
              aria-label={`Reset password of ${user.username}`}
              aria-expanded={resetting}
              onClick={() => {
                setResetting(!resetting);
                update.reset();
              }}
            >
              Reset password
            </Button>
          </div>
          <ConfirmDialog
            open={confirmingDisable}
            title={`Disable ${user.username}?`}
            confirmLabel={`Yes, disable ${user.username}`}
            pending={update.isPending}
            onConfirm={() => update.mutate({ disabled: true })}
            onClose={() => setConfirmingDisable(false)}
            error={confirmingDisable && failure ? <Alert tone="error">{failure}</Alert> : null}
          >
            <p>
              {user.username} is signed out at once and cannot sign in until an admin enables the account again. Their
              backup history and audit entries stay.
            </p>
          </ConfirmDialog>
        </td>
      </tr>
      {resetting || (failure && !confirmingDisable) ? (
        <tr>
          <td colSpan={4} className="pb-4">
            {failure && !confirmingDisable ? (
              <Alert tone="error" className="mb-3">
                {failure}
              </Alert>
            ) : null}
            {resetting ? (
              <ResetPasswordForm
                user={user}
                isSelf={isSelf}
                pending={update.isPending}
                serverError={passwordError}
                onSave={(password) => update.mutate({ password })}
                onCancel={() => setResetting(false)}
              />
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}
