import { NextResponse } from "next/server";

import { isHttpsRequest, sessionCookie } from "@/lib/auth/sessions";
import { signIn } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db/connection";
import { publicRoute } from "@/lib/http/with-session";
import { loginSchema, type Me } from "@/lib/schemas/user";

export const POST = publicRoute({ body: loginSchema }, async ({ request, body, clientIp }) => {
  const { user, session } = await signIn({
    db: await getDb(),
    username: body.username,
    password: body.password,
    clientIp,
    userAgent: request.headers.get("user-agent"),
  });
  const me: Me = {
    username: user.username,
    role: user.role,
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
  const response = NextResponse.json({ user: me });
  response.cookies.set(sessionCookie(session.cookieValue, { secure: isHttpsRequest(request) }));
  return response;
});
