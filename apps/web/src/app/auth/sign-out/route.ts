import { deleteSession, SESSION_COOKIE } from "@fleet/api";
import { cookies } from "next/headers";
import { getDb } from "@/server/db";
import { isHttps, isSameOrigin, seeOther } from "@/server/http";
import { clearedSessionCookie } from "@/server/session-cookie";

/** Ends the session server-side (the token stops working everywhere) and clears the cookie. */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response("Cross-site sign-out refused", { status: 403 });
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (token) await deleteSession(await getDb(), token);
  return seeOther("/sign-in?signed_out=1", {
    "Set-Cookie": clearedSessionCookie({ secure: isHttps(request) }),
  });
}
