import { createUser } from "@/lib/auth/create-user";
import { toPublicUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/connection";
import { listUsers } from "@/lib/db/users";
import { withSession } from "@/lib/http/with-session";
import { createUserSchema } from "@/lib/schemas/user";

export const GET = withSession({ role: "admin", action: "manage users" }, async () => {
  const users = await listUsers(await getDb());
  return Response.json({ users: users.map(toPublicUser) });
});

export const POST = withSession(
  { role: "admin", action: "manage users", body: createUserSchema },
  async ({ body, actor }) => {
    const created = await createUser({ db: await getDb(), actor, input: body });
    return Response.json({ user: toPublicUser(created) }, { status: 201 });
  },
);
