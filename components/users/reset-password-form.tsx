"use client";

import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { passwordSchema, type PublicUser } from "@/lib/schemas/user";

/**
 * A new password for a user, set by an admin: typed, then confirmed in a dialog, since it ends
 * the user's sessions at once. Someone else's reset password must be changed at their next
 * sign-in; one's own need not.
 */
export function ResetPasswordForm({
  user,
  isSelf,
  pending,
  serverError,
  onSave,
  onCancel,
}: {
  user: PublicUser;
  isSelf: boolean;
  pending: boolean;
  /** The server's message about the password (e.g. the policy's). */
  serverError: string | undefined;
  onSave: (password: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    setConfirming(true);
  };

  const consequence = isSelf
    ? "Your other sessions end at once; this one stays signed in."
    : `Their sessions end at once, and ${user.username} must choose a new password of their own when they next sign in. Tell them this one in person or another safe way.`;
  return (
    <Form onSubmit={submit} className="flex flex-wrap items-start gap-2">
      <TextField
        label={`New password for ${user.username}`}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={error ?? serverError}
        hint={isSelf ? "Your other sessions end at once." : "They must change it at their next sign-in."}
        className="w-full max-w-md min-w-0 flex-1 sm:min-w-72"
      />
      <div className="flex gap-2 sm:pt-7">
        <Button type="submit" size="sm" pending={pending}>
          Save password
        </Button>
        <Button size="sm" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={isSelf ? "Reset your own password?" : `Reset the password of ${user.username}?`}
        confirmLabel="Yes, reset the password"
        onConfirm={() => {
          setConfirming(false);
          onSave(password);
        }}
        onClose={() => setConfirming(false)}
      >
        <p>{consequence}</p>
      </ConfirmDialog>
    </Form>
  );
}
