import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { listSystemsQuerySchema, registerSystemSchema } from "@/lib/schemas/system";
import { listSystems } from "@/lib/systems/list-systems";
import { registerSystem } from "@/lib/systems/register-system";

/** The registered systems; `?includeRemoved=1` (admins) lists removed ones too. */
export const GET = withSession({ role: "viewer", query: listSystemsQuerySchema }, async ({ actor, query }) => {
  const systems = await listSystems({ db: await getDb(), actor, includeRemoved: query.includeRemoved });
  return Response.json({ systems });
});

export const POST = withSession(
  { role: "admin", action: "register systems", body: registerSystemSchema },
  async ({ actor, body }) => {
    const system = await registerSystem({ db: await getDb(), actor, input: body });
    return Response.json({ system }, { status: 201 });
  },
);
