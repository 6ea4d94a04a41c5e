import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/route";
import { listSystemsQuerySchema, registerSystemSchema } from "@/lib/schemas/system";
import { listSystems } from "@/lib/systems/list-systems";
import { registerSystem } from "@/lib/systems/register-system";

/** The registered systems; `?includeRemoved=1` (admins) lists removed ones too. */
export const GET = withSession({ role: "viewer" }, async ({ user, request, clientIp }) => {
  const query = listSystemsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  const systems = await listSystems(await getDb(), { ...user, clientIp }, { includeRemoved: query.includeRemoved });
  return Response.json({ systems });
});

export const POST = withSession(
  { role: "admin", action: "register systems", body: registerSystemSchema },
  async ({ user, body, clientIp }) => {
    const system = await registerSystem(await getDb(), { ...user, clientIp }, body);
    return Response.json({ system }, { status: 201 });
  },
);
