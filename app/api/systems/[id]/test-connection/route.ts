import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { systemIdParamsSchema, testConnectionSchema } from "@/lib/schemas/system";
import { testConnection } from "@/lib/systems/test-connection";

/** The storage credentials in the body are used for this one test and then forgotten. */
export const POST = withSession(
  { role: "operator", action: "test connections", params: systemIdParamsSchema, body: testConnectionSchema },
  async ({ actor, params, body }) => {
    const result = await testConnection({ db: await getDb(), actor, systemId: params.id, input: body });
    return Response.json(result);
  },
);
