import { publicRoute } from "@/lib/http/with-session";
import { buildOpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 description of this API, generated from the routes' own zod schemas; public, nothing secret. */
export const GET = publicRoute({}, async () =>
  Response.json(buildOpenApiDocument(), { headers: { "Cache-Control": "no-store" } }),
);
