import { createUser } from "@/lib/auth/create-user";
import { toPublicUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/connection";
import { listUsers } from "@/lib/db/users";
import { withSession } from "@/lib/http/route";
import { createUserSchema } from "@/lib/schemas/user";

export const GET = withSession({ role: "admin", action: "manage users" }, async () => {
  const users = await listUsers(await getDb());
  return Response.json({ users: users.map(toPublicUser) });
});

export const POST = withSession(
  { role: "admin", action: "manage users", body: createUserSchema },
  async ({ body, user, clientIp }) => {
    const created = await createUser(await getDb(), body, {
      actor: { id: user.id, username: user.username, role: user.role },
      clientIp,
    });
    return Response.json({ user: toPublicUser(created) }, { status: 201 });
  },
);
