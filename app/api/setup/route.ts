import { completeSetup } from "@/lib/auth/setup";
import { getDb } from "@/lib/db/connection";
import { publicRoute } from "@/lib/http/with-session";
import { setupSchema, type Me } from "@/lib/schemas/user";

export const POST = publicRoute({ body: setupSchema }, async ({ body, clientIp }) => {
  const user = await completeSetup({ db: await getDb(), input: body, clientIp });
  return Response.json({ user: { username: user.username, role: user.role } satisfies Me }, { status: 201 });
});
