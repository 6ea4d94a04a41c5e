import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/route";
import { systemIdParamsSchema, testConnectionSchema } from "@/lib/schemas/system";
import { testConnection } from "@/lib/systems/test-connection";

/** The storage credentials in the body are used for this one test and then forgotten. */
export const POST = withSession(
  { role: "operator", action: "test connections", params: systemIdParamsSchema, body: testConnectionSchema },
  async ({ user, params, body, clientIp }) => {
    const result = await testConnection(await getDb(), { ...user, clientIp }, params.id, body);
    return Response.json(result);
  },
);
