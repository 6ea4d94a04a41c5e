import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { tokenIdParamsSchema } from "@/lib/schemas/token";
import { revokeToken } from "@/lib/tokens/manage-tokens";

/** Revokes the token at once: its next request gets 401. */
export const DELETE = withSession(
  { role: "admin", action: "manage tokens", params: tokenIdParamsSchema },
  async ({ params, actor }) => {
    await revokeToken({ db: await getDb(), actor, id: params.id });
    return new Response(null, { status: 204 });
  },
);
