import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";
import { updateSettingsSchema } from "@/lib/schemas/settings";
import { getSettings, updateSettings } from "@/lib/settings/settings";

export const dynamic = "force-dynamic";

/** The portal's settings: `{ settings }`. */
export const GET = withSession({ role: "viewer" }, async () =>
  Response.json({ settings: await getSettings({ db: await getDb() }) }),
);

export const PATCH = withSession(
  { role: "admin", action: "change the portal settings", body: updateSettingsSchema },
  async ({ actor, body }) =>
    Response.json({ settings: await updateSettings({ db: await getDb(), actor, input: body }) }),
);
