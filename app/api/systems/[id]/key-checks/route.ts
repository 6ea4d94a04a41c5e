import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { checkKeys } from "@/lib/keys/check-keys";
import { latestKeyCheck } from "@/lib/keys/key-checks";
import { keyCheckRequestSchema } from "@/lib/schemas/key-check";
import { systemIdParamsSchema } from "@/lib/schemas/system";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The storage credentials in the body are used for this one check and then forgotten. */
export const POST = withSession(
  { role: "operator", action: "check encryption keys", params: systemIdParamsSchema, body: keyCheckRequestSchema },
  async ({ request, actor, params, body }) => {
    const keyCheck = await checkKeys({
      db: await getDb(),
      actor,
      systemId: params.id,
      input: body,
      signal: request.signal,
    });
    return Response.json({ keyCheck }, { status: 201 });
  },
);

/** The latest key check of the system: `{ keyCheck }`, null when it was never checked. */
export const GET = withSession({ role: "viewer", params: systemIdParamsSchema }, async ({ params }) =>
  Response.json({ keyCheck: await latestKeyCheck({ db: await getDb(), systemId: params.id }) }),
);
