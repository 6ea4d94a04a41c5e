import type { Metadata } from "next";

import { TokensPanel } from "@/components/tokens/tokens-panel";
import { userActor } from "@/lib/actor";
import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/connection";
import { listSystems } from "@/lib/db/storage-systems";
import { listTokens } from "@/lib/tokens/manage-tokens";

export const metadata: Metadata = { title: "Tokens · Key-backup portal" };

export default async function TokensPage() {
  const me = await requireUser("admin", { next: "/tokens" });
  const db = await getDb();
  const tokens = await listTokens({ db, actor: userActor(me, null) });
  const systems = (await listSystems(db)).map((system) => ({ id: system.id, name: system.name }));
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Tokens</h1>
        <p className="mt-1 text-slate-700">
          Service tokens let scripts call the API as an operator or a viewer, optionally for some systems only.
        </p>
      </div>
      <TokensPanel initialTokens={tokens} systems={systems} />
    </>
  );
}
