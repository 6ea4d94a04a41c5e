import { updateUser } from "@/lib/auth/update-user";
import { toPublicUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { updateUserSchema, userIdParamsSchema } from "@/lib/schemas/user";

export const PATCH = withSession(
  { role: "admin", action: "manage users", body: updateUserSchema, params: userIdParamsSchema },
  async ({ body, params, user, actor }) => {
    const updated = await updateUser({
      db: await getDb(),
      actor,
      userId: params.id,
      changes: body,
      actorSessionIdHash: user.sessionIdHash,
    });
    return Response.json({ user: toPublicUser(updated) });
  },
);
