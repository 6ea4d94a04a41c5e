import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/route";
import { systemIdParamsSchema, updateSystemSchema } from "@/lib/schemas/system";
import { getSystem } from "@/lib/systems/list-systems";
import { removeSystem } from "@/lib/systems/remove-system";
import { updateSystem } from "@/lib/systems/update-system";

/** Removed systems stay readable (with `removed: true`): their backup history links here. */
export const GET = withSession({ role: "viewer", params: systemIdParamsSchema }, async ({ params }) => {
  const system = await getSystem(await getDb(), params.id);
  return Response.json({ system });
});

export const PATCH = withSession(
  { role: "admin", action: "change systems", params: systemIdParamsSchema, body: updateSystemSchema },
  async ({ user, params, body, clientIp }) => {
    const system = await updateSystem(await getDb(), { ...user, clientIp }, params.id, body);
    return Response.json({ system });
  },
);

export const DELETE = withSession(
  { role: "admin", action: "remove systems", params: systemIdParamsSchema },
  async ({ user, params, clientIp }) => {
    await removeSystem(await getDb(), { ...user, clientIp }, params.id);
    return new Response(null, { status: 204 });
  },
);
