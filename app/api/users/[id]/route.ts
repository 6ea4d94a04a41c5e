import { z } from "zod";
import { updateUser } from "@/lib/auth/update-user";
import { toPublicUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/route";
import { updateUserSchema } from "@/lib/schemas/user";

const paramsSchema = z.object({ id: z.string().min(1).max(64) });

export const PATCH = withSession(
  { role: "admin", action: "manage users", body: updateUserSchema, params: paramsSchema },
  async ({ body, params, user, clientIp }) => {
    const updated = await updateUser(await getDb(), params.id, body, {
      actor: { id: user.id, username: user.username, role: user.role },
      actorSessionIdHash: user.sessionIdHash,
      clientIp,
    });
    return Response.json({ user: toPublicUser(updated) });
  },
);
