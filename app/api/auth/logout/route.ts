import { NextResponse } from "next/server";

import { clearedSessionCookie, isHttpsRequest } from "@/lib/auth/sessions";
import { signOut } from "@/lib/auth/sign-out";
import { getDb } from "@/lib/db/connection";
import { withSession } from "@/lib/http/with-session";

// Open before a required password change too: signing out is always possible.
export const POST = withSession({ role: "viewer", beforePasswordChange: true }, async ({ request, user, actor }) => {
  await signOut({ db: await getDb(), actor, sessionIdHash: user.sessionIdHash });
  const response = new NextResponse(null, { status: 204 });
  response.cookies.set(clearedSessionCookie({ secure: isHttpsRequest(request) }));
  return response;
});
