import { deleteSession, isDatabaseUnavailable, SESSION_COOKIE } from "@fleet/api";
import { cookies } from "next/headers";
import { getDb } from "@/server/db";
import { isHttps, isSameOrigin, seeOther } from "@/server/http";
import { signInPath } from "@/server/return-path";
import { clearedSessionCookie } from "@/server/session-cookie";

/** Ends the session server-side (the token stops working everywhere) and clears the cookie. */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response("Cross-site sign-out refused", { status: 403 });
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  let ended = true;
  if (token) {
    try {
      await deleteSession(await getDb(), token);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      ended = false;
    }
  }
  // The cookie goes even when the database is down: this browser is signed out either way, and the
  // page says that the session itself only ends when it expires.
  return seeOther(ended ? "/sign-in?signed_out=1" : signInPath({ error: "sign_out_unavailable" }), {
    "Set-Cookie": clearedSessionCookie({ secure: isHttps(request) }),
  });
}
