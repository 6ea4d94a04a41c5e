import { withSession } from "@/lib/http/with-session";
import { inspectCertificateSchema } from "@/lib/schemas/system";
import { inspectCertificate } from "@/lib/systems/inspect-certificate";

/** The certificate a system presents, as a candidate for an admin to confirm; nothing is stored. */
export const POST = withSession(
  { role: "admin", action: "inspect certificates", body: inspectCertificateSchema },
  async ({ body }) => {
    const certificate = await inspectCertificate({ baseUrl: body.baseUrl });
    return Response.json({ certificate });
  },
);
