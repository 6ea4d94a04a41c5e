import type { Metadata } from "next";

import { UsersPanel } from "@/components/users/users-panel";
import { requireUser } from "@/lib/auth/current-user";
import { toPublicUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/connection";
import { listUsers } from "@/lib/db/users";

export const metadata: Metadata = { title: "Users · Key-backup portal" };

export default async function UsersPage() {
  const me = await requireUser("admin", { next: "/users" });
  const users = (await listUsers(await getDb())).map(toPublicUser);
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 text-slate-700">
          Viewers see systems and history, operators also run backups, admins also manage systems and users.
        </p>
      </div>
      <UsersPanel initialUsers={users} currentUserId={me.id} />
    </>
  );
}
