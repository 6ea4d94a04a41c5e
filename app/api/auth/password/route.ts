import { changeOwnPassword } from "@/lib/auth/change-password";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { changePasswordSchema, type Me } from "@/lib/schemas/user";

/**
 * The signed-in user's own password change: the one route (with sign-out) open to a session whose
 * password an admin reset. Keeps this session, ends the user's others.
 */
export const POST = withSession(
  { role: "viewer", body: changePasswordSchema, beforePasswordChange: true },
  async ({ body, user, clientIp }) => {
    await changeOwnPassword({ db: await getDb(), user, clientIp, input: body });
    return Response.json({ user: { username: user.username, role: user.role } satisfies Me });
  },
);
