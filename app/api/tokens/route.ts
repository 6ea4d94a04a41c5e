import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { createTokenSchema } from "@/lib/schemas/token";
import { createToken, listTokens } from "@/lib/tokens/manage-tokens";

export const GET = withSession({ role: "admin", action: "manage tokens" }, async ({ actor }) => {
  return Response.json({ tokens: await listTokens({ db: await getDb(), actor }) });
});

/** Answers the token once; the portal keeps only its SHA-256. */
export const POST = withSession(
  { role: "admin", action: "manage tokens", body: createTokenSchema },
  async ({ body, actor }) => {
    const created = await createToken({ db: await getDb(), actor, input: body });
    return Response.json(created, { status: 201 });
  },
);
