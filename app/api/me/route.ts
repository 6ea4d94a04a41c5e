import { withSession } from "@/lib/http/with-session";
import type { Me } from "@/lib/schemas/user";

export const GET = withSession({ role: "viewer" }, async ({ user }) =>
  Response.json({ username: user.username, role: user.role } satisfies Me),
);
