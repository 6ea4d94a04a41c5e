import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { systemIdParamsSchema, updateSystemSchema } from "@/lib/schemas/system";
import { getSystem } from "@/lib/systems/list-systems";
import { removeSystem } from "@/lib/systems/remove-system";
import { updateSystem } from "@/lib/systems/update-system";

/** Removed systems stay readable (with `removed: true`): their backup history links here. */
export const GET = withSession({ role: "viewer", params: systemIdParamsSchema }, async ({ params }) => {
  const system = await getSystem({ db: await getDb(), systemId: params.id });
  return Response.json({ system });
});

export const PATCH = withSession(
  { role: "admin", action: "change systems", params: systemIdParamsSchema, body: updateSystemSchema },
  async ({ actor, params, body }) => {
    const system = await updateSystem({ db: await getDb(), actor, systemId: params.id, input: body });
    return Response.json({ system });
  },
);

export const DELETE = withSession(
  { role: "admin", action: "remove systems", params: systemIdParamsSchema },
  async ({ actor, params }) => {
    await removeSystem({ db: await getDb(), actor, systemId: params.id });
    return new Response(null, { status: 204 });
  },
);
