"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { ColumnHeaders } from "@/components/ui/table-parts";
import { ApiError } from "@/lib/api-client/api-error";
import { fetchUsers, usersQueryKey } from "@/lib/api-client/users";
import type { PublicUser } from "@/lib/schemas/user";

import { AddUserForm } from "./add-user-form";
import { UserRow } from "./user-row";

const COLUMNS = ["Username", "Role", "Status", "Actions"];

/** The admin's user management: the list with per-user actions, and the form to add one. */
export function UsersPanel({ initialUsers, currentUserId }: { initialUsers: PublicUser[]; currentUserId: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const users = useQuery({ queryKey: usersQueryKey, queryFn: fetchUsers, initialData: initialUsers });

  const signedOut = users.error instanceof ApiError && users.error.status === 401;
  return (
    <div className="flex flex-col gap-6">
      <div role="status" aria-live="polite">
        {message ? (
          <Alert tone="success" live={false}>
            {message}
          </Alert>
        ) : null}
      </div>
      {signedOut ? (
        <Alert tone="error">
          Your session has ended.{" "}
          <Link href="/login?next=/users" className="font-medium underline">
            Sign in again
          </Link>{" "}
          to go on.
        </Alert>
      ) : users.error ? (
        <Alert tone="error">{users.error.message}</Alert>
      ) : null}
      {/* `relative`: the caption (sr-only, absolutely placed) stays inside the scroller at 320 px. */}
      <div
        role="region"
        aria-label="Users table"
        tabIndex={0}
        className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white p-4 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <table className="w-full text-sm">
          <caption className="sr-only">Users</caption>
          <thead>
            <tr className="text-left text-slate-600">
              <ColumnHeaders columns={COLUMNS} className="py-2 pr-4 font-medium" lastClassName="py-2 font-medium" />
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <UserRow key={user.id} user={user} isSelf={user.id === currentUserId} onDone={setMessage} />
            ))}
          </tbody>
        </table>
      </div>
      <AddUserForm onAdded={(user) => setMessage(`Added ${user.username} as ${user.role}.`)} />
    </div>
  );
}
